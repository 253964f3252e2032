"""Cart, checkout and payment views: parse input, call one service, answer (JSON or a page)."""

from __future__ import annotations

import re
import secrets
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import address_list
from freshsite.http import json_error, json_ok, mark_json_view
from freshsite.middleware import store_needed
from freshsite.rate_limits import limit_json_route

from . import redis_cart, selectors, services
from .exceptions import InvalidInput, LoginRequired, OrderNotFound, ShopError
from .forms import OrderCommentForm
from .models import OrderStatus, PayMethod

GUEST_COOKIE = "guest_cart"
GUEST_COOKIE_SALT = "shop.guest_cart"


# --- Whose cart ------------------------------------------------------------------------------
def guest_id_for(request: HttpRequest) -> str | None:
    return request.get_signed_cookie(
        GUEST_COOKIE,
        default=None,
        salt=GUEST_COOKIE_SALT,
        max_age=redis_cart.GUEST_CART_SECONDS,
    )


def cart_key_for(request: HttpRequest, *, create: bool = False) -> str | None:
    """The Redis key of this request's cart; a guest gets one on their first add."""
    if request.user.is_authenticated:
        return redis_cart.user_cart_key(request.user.pk)
    guest_id = guest_id_for(request)
    if guest_id is None and create:
        guest_id = secrets.token_urlsafe(16)
    if create:
        # re-signed on every write, so an active guest's cart lives 7 days from the last change
        request._guest_cart_id = guest_id
    return redis_cart.guest_cart_key(guest_id) if guest_id else None


def _with_guest_cookie(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    guest_id = getattr(request, "_guest_cart_id", None)
    if guest_id:
        response.set_signed_cookie(
            GUEST_COOKIE,
            guest_id,
            salt=GUEST_COOKIE_SALT,
            max_age=redis_cart.GUEST_CART_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


# --- Input -----------------------------------------------------------------------------------
# ASCII digits (int() also takes "１２", "١٢" and "1_2"), at most 18 of them: below any id
# column's range, so the database never sees a number it cannot hold.
POSITIVE_INT = re.compile(r"[0-9]{1,18}")
CHECKOUT_MAX_LINES = 100  # goods in one order


def _positive_int(value, name: str) -> int:
    text = str(value).strip()
    number = int(text) if POSITIVE_INT.fullmatch(text) else 0
    if number < 1:  # the message never repeats the value, which may be megabytes long
        raise InvalidInput(_("%(name)s 必须是正整数。") % {"name": name})
    return number


def _sku_id_list(values: list[str]) -> list[int]:
    parts = [part for value in values for part in str(value).split(",") if part.strip()]
    if len(parts) > CHECKOUT_MAX_LINES:
        raise InvalidInput(
            _("一个订单最多 %(count)s 种商品，请分开结算。") % {"count": CHECKOUT_MAX_LINES}
        )
    ids = {_positive_int(part, "sku_ids") for part in parts}
    if not ids:
        raise InvalidInput(_("请选择要结算的商品。"))
    return sorted(ids)


def json_endpoint(method: str):
    """A JSON route: the wrong method and every ShopError answer in the contract's shape; too
    many requests from one client answer 429 (``freshsite.rate_limits``)."""

    def decorate(handler):
        @wraps(handler)
        def view(request: HttpRequest, *args, **kwargs) -> JsonResponse:
            if request.method != method:
                response = json_error("method_not_allowed", _("请求方法不被允许。"), 405)
                response["Allow"] = method
                return response
            try:
                return handler(request, *args, **kwargs)
            except ShopError as error:
                return json_error(error.code, error.message, error.status, **error.details)

        return mark_json_view(limit_json_route(view))

    return decorate


def _require_login(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise LoginRequired


# --- Cart ------------------------------------------------------------------------------------
@json_endpoint("POST")
def cart_add(request: HttpRequest) -> JsonResponse:
    sku_id = _positive_int(request.POST.get("sku_id"), "sku_id")
    count = _positive_int(request.POST.get("count", 1), "count")
    key = cart_key_for(request, create=True)
    response = json_ok(cart_count=services.cart_item_add(cart_key=key, sku_id=sku_id, count=count))
    return _with_guest_cookie(request, response)


@json_endpoint("POST")
def cart_update(request: HttpRequest) -> JsonResponse:
    sku_id = _positive_int(request.POST.get("sku_id"), "sku_id")
    count = _positive_int(request.POST.get("count"), "count")
    key = cart_key_for(request, create=True)
    response = json_ok(
        cart_count=services.cart_item_update(cart_key=key, sku_id=sku_id, count=count)
    )
    return _with_guest_cookie(request, response)


@json_endpoint("POST")
def cart_delete(request: HttpRequest) -> JsonResponse:
    sku_id = _positive_int(request.POST.get("sku_id"), "sku_id")
    key = cart_key_for(request)
    count = services.cart_item_delete(cart_key=key, sku_id=sku_id) if key else 0
    return json_ok(cart_count=count)


@store_needed
def cart_page(request: HttpRequest) -> HttpResponse:
    key = cart_key_for(request)
    lines = selectors.cart_lines(cart_key=key) if key else []
    return render(request, "shop/cart.html", {"lines": lines})


# --- Checkout --------------------------------------------------------------------------------
@require_POST
def order_place(request: HttpRequest) -> HttpResponse:
    """The order confirmation page for the cart lines the shopper selected."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse(settings.LOGIN_URL)}?next={reverse('shop:cart')}")
    try:
        sku_ids = _sku_id_list(request.POST.getlist("sku_ids"))
    except InvalidInput as error:
        messages.error(request, error.message)
        return redirect("shop:cart")
    summary = selectors.checkout_summary(
        cart_key=redis_cart.user_cart_key(request.user.pk), sku_ids=sku_ids
    )
    if not summary.lines:
        return redirect("shop:cart")
    addresses = list(address_list(user=request.user))
    context = {
        "summary": summary,
        "addresses": addresses,
        "default_address": next((a for a in addresses if a.is_default), None),
        "pay_methods": PayMethod.choices,
        "unavailable_methods": set(PayMethod.values) - services.pay_methods_available(),
        "sku_ids": ",".join(str(line.sku_id) for line in summary.lines),
        "checkout_token": services.checkout_token_issue(
            user_id=request.user.pk,
            counts={line.sku_id: line.count for line in summary.lines},
        ),
    }
    return render(request, "shop/place_order.html", context)


@json_endpoint("POST")
def order_commit(request: HttpRequest) -> JsonResponse:
    _require_login(request)
    order = services.order_place(
        user=request.user,
        address_id=_positive_int(request.POST.get("addr_id"), "addr_id"),
        pay_method=request.POST.get("pay_method", ""),
        sku_ids=_sku_id_list(request.POST.getlist("sku_ids")),
        checkout_token=request.POST.get("checkout_token", ""),
    )
    return json_ok(order_id=order.order_id)


@json_endpoint("POST")
def order_pay(request: HttpRequest, order_id: str) -> JsonResponse:
    _require_login(request)
    return json_ok(pay_url=services.order_pay_start(user=request.user, order_id=order_id))


@json_endpoint("POST")
def order_receive(request: HttpRequest, order_id: str) -> JsonResponse:
    _require_login(request)
    services.order_receive(user=request.user, order_id=order_id)
    return json_ok(status=OrderStatus.UNCOMMENTED.value)


@json_endpoint("GET")
def order_status(request: HttpRequest, order_id: str) -> JsonResponse:
    _require_login(request)
    order = selectors.order_get(user=request.user, order_id=order_id)
    if order is None:
        raise OrderNotFound
    return json_ok(status=order.status)


@login_required
def sandbox_pay(request: HttpRequest, order_id: str) -> HttpResponse:
    """The built-in sandbox gateway: shows the amount, and "pays" when the shopper confirms."""
    order = selectors.order_get(user=request.user, order_id=order_id)
    if order is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            services.order_mark_paid(
                user=request.user, order_id=order_id, trade_no=f"SANDBOX{secrets.token_hex(8)}"
            )
        except ShopError as exc:
            error = exc.message
        else:
            return redirect("shop:orders")
    return render(request, "shop/sandbox_pay.html", {"order": order, "error": error})


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    orders = selectors.order_page(user=request.user, page_number=request.GET.get("page"))
    return render(request, "shop/orders.html", {"orders": orders, "active_tab": "orders"})


def _own_order_or_404(request: HttpRequest, order_id: str):
    """The shopper's own order with its lines; anyone else's is a 404, like a missing one."""
    order = selectors.order_detail(user=request.user, order_id=order_id)
    if order is None:
        raise Http404
    return order


@login_required
def order_detail(request: HttpRequest, order_id: str) -> HttpResponse:
    order = _own_order_or_404(request, order_id)
    return render(request, "shop/order_detail.html", {"order": order, "active_tab": "orders"})


@login_required
def order_comment(request: HttpRequest, order_id: str) -> HttpResponse:
    order = _own_order_or_404(request, order_id)
    if order.status != OrderStatus.UNCOMMENTED:
        return redirect("shop:order_detail", order_id=order_id)
    form = OrderCommentForm(request.POST or None, order=order)
    if request.method == "POST" and form.is_valid():
        try:
            services.order_comment(user=request.user, order_id=order_id, comments=form.comments())
        except ShopError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("感谢评价！"))
            return redirect("shop:order_detail", order_id=order_id)
    context = {"order": order, "form": form, "active_tab": "orders"}
    return render(request, "shop/order_comment.html", context)
