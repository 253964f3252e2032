"""Cart, checkout and payment views: parse input, call one service, answer (JSON or a page)."""

from __future__ import annotations

import logging
import re
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.selectors import address_list
from freshsite.errors import DomainError, InvalidInput
from freshsite.http import json_ok
from freshsite.json_routes import json_endpoint, login_require, positive_int
from freshsite.middleware import store_needed

from . import redis_cart, selectors, services, slot_selectors
from .cart_identity import cart_key_for, guest_cookie_set
from .exceptions import OrderNotFound
from .forms import OrderCommentForm
from .gateways import GatewayError
from .models import OrderStatus, PayMethod

logger = logging.getLogger(__name__)

CHECKOUT_MAX_LINES = 100  # goods in one order
AMOUNT = re.compile(r"\d{1,10}(\.\d{1,2})?", re.ASCII)  # yuan, as "100.00" (no sign, no 1e3)
MOBILE_AGENT = re.compile(r"Mobile|Android|iPhone|iPod|HarmonyOS", re.IGNORECASE)


def _sku_id_list(values: list[str]) -> list[int]:
    parts = [part for value in values for part in str(value).split(",") if part.strip()]
    if len(parts) > CHECKOUT_MAX_LINES:
        raise InvalidInput(
            _("一个订单最多 %(count)s 种商品，请分开结算。") % {"count": CHECKOUT_MAX_LINES}
        )
    ids = {positive_int(part, "sku_ids") for part in parts}
    if not ids:
        raise InvalidInput(_("请选择要结算的商品。"))
    return sorted(ids)


# --- Session: what a published page's script fills in -----------------------------------------
@store_needed
@json_endpoint("GET", rate_limited=False)
def session(request: HttpRequest) -> JsonResponse:
    """Who the visitor is and their cart count; it also hands out the CSRF cookie, which no
    published page can carry."""
    get_token(request)
    response = json_ok(
        **selectors.session_summary(user=request.user, cart_key=cart_key_for(request))
    )
    response["Cache-Control"] = "no-store"
    return response


# --- Cart ------------------------------------------------------------------------------------
@json_endpoint("POST")
def cart_add(request: HttpRequest) -> JsonResponse:
    sku_id = positive_int(request.POST.get("sku_id"), "sku_id")
    count = positive_int(request.POST.get("count", 1), "count")
    key = cart_key_for(request, create=True)
    response = json_ok(cart_count=services.cart_item_add(cart_key=key, sku_id=sku_id, count=count))
    return guest_cookie_set(request, response)


@json_endpoint("POST")
def cart_update(request: HttpRequest) -> JsonResponse:
    sku_id = positive_int(request.POST.get("sku_id"), "sku_id")
    count = positive_int(request.POST.get("count"), "count")
    key = cart_key_for(request, create=True)
    response = json_ok(
        cart_count=services.cart_item_update(cart_key=key, sku_id=sku_id, count=count)
    )
    return guest_cookie_set(request, response)


@json_endpoint("POST")
def cart_delete(request: HttpRequest) -> JsonResponse:
    sku_id = positive_int(request.POST.get("sku_id"), "sku_id")
    key = cart_key_for(request)
    count = services.cart_item_delete(cart_key=key, sku_id=sku_id) if key else 0
    return json_ok(cart_count=count)


@store_needed
def cart_page(request: HttpRequest) -> HttpResponse:
    key = cart_key_for(request)
    lines = selectors.cart_lines(cart_key=key) if key else []
    return render(request, "shop/cart.html", {"lines": lines})


# --- Checkout --------------------------------------------------------------------------------
def _coupon_chosen(request: HttpRequest) -> str | None:
    """The coupon the shopper chose on the confirmation page: a typed code wins over the list;
    "" is 不使用优惠券, and None (nothing chosen yet) lets the page take their best coupon."""
    typed = request.POST.get("coupon_code_typed", "").strip()
    return typed or request.POST.get("coupon_code")


def _summary_json(summary: selectors.CheckoutSummary) -> dict:
    money = {
        name: f"{getattr(summary, name):.2f}"
        for name in (
            "total_price",
            "discount",
            "freight",
            "amount_due",
            "free_freight_gap",
            "cold_chain_fee",
        )
    }
    return {
        **money,
        "discount_label": summary.discount_label,
        "coupon_code": summary.applied_coupon_code,
        "coupon_note": summary.coupon_note,
    }


@require_POST
def order_confirm_page(request: HttpRequest) -> HttpResponse:
    """The order confirmation page for the cart lines the shopper selected (the order is
    placed from it by ``order_commit``). Choosing a coupon without script posts it here again."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse(settings.LOGIN_URL)}?next={reverse('shop:cart')}")
    try:
        sku_ids = _sku_id_list(request.POST.getlist("sku_ids"))
    except InvalidInput as error:
        messages.error(request, error.message)
        return redirect("shop:cart")
    summary = selectors.checkout_summary(
        user_id=request.user.pk,
        cart_key=redis_cart.user_cart_key(request.user.pk),
        sku_ids=sku_ids,
        coupon_code=_coupon_chosen(request),
    )
    if not summary.lines:
        return redirect("shop:cart")
    addresses = list(address_list(user=request.user))
    slot_days = slot_selectors.delivery_slot_days()
    context = {
        "slot_days": slot_days,
        "slot_first": slot_selectors.slot_first_available(slot_days),
        "summary": summary,
        "addresses": addresses,
        "default_address": next((a for a in addresses if a.is_default), None),
        "pay_methods": PayMethod.choices,
        "unavailable_methods": set(PayMethod.values) - services.pay_methods_available(),
        "sku_ids": ",".join(str(line.sku_id) for line in summary.lines),
        "checkout_token": services.checkout_token_issue(
            user_id=request.user.pk,
            counts={line.sku_id: line.count for line in summary.lines},
            prices={line.sku_id: line.sku.current_price for line in summary.lines},
        ),
    }
    return render(request, "shop/place_order.html", context)


@json_endpoint("POST")
def order_price(request: HttpRequest) -> JsonResponse:
    """The confirmation page's price again with another coupon chosen (its script's call)."""
    login_require(request)
    summary = selectors.checkout_summary(
        user_id=request.user.pk,
        cart_key=redis_cart.user_cart_key(request.user.pk),
        sku_ids=_sku_id_list(request.POST.getlist("sku_ids")),
        coupon_code=_coupon_chosen(request) or "",
    )
    return json_ok(summary=_summary_json(summary))


def _amount_or_none(text: str) -> Decimal | None:
    """An amount of yuan as the page writes it ("100.00"); "" is none given."""
    text = text.strip()
    if not text:
        return None
    if not AMOUNT.fullmatch(text):
        raise InvalidInput(_("实付款金额无效，请刷新确认页。"))
    return Decimal(text)


def _slot_id_or_none(text: str) -> int | None:
    """The delivery slot chosen; "" is none (the service decides whether one is needed)."""
    return positive_int(text, "slot_id") if text.strip() else None


@json_endpoint("POST")
def order_commit(request: HttpRequest) -> JsonResponse:
    login_require(request)
    order = services.order_place(
        user=request.user,
        address_id=positive_int(request.POST.get("addr_id"), "addr_id"),
        pay_method=request.POST.get("pay_method", ""),
        sku_ids=_sku_id_list(request.POST.getlist("sku_ids")),
        checkout_token=request.POST.get("checkout_token", ""),
        coupon_code=request.POST.get("coupon_code", ""),
        amount_due=_amount_or_none(request.POST.get("amount_due", "")),
        slot_id=_slot_id_or_none(request.POST.get("slot_id", "")),
    )
    if order.pay_method == PayMethod.CASH_ON_DELIVERY:
        return json_ok(order_id=order.order_id)
    # straight on to the gateway; if it cannot start now, the orders page offers 去付款 again
    try:
        pay_url = services.order_pay_start(
            user=request.user, order_id=order.order_id, mobile=_is_mobile(request)
        )
    except DomainError:
        pay_url = reverse("shop:order_detail", args=[order.order_id])
    return json_ok(order_id=order.order_id, pay_url=pay_url)


def _is_mobile(request: HttpRequest) -> bool:
    """A phone gets Alipay's mobile cashier (wap.pay), anything else the desktop one."""
    return bool(MOBILE_AGENT.search(request.headers.get("User-Agent", "")))


@json_endpoint("POST")
def order_pay(request: HttpRequest, order_id: str) -> JsonResponse:
    login_require(request)
    pay_url = services.order_pay_start(
        user=request.user, order_id=order_id, mobile=_is_mobile(request)
    )
    return json_ok(pay_url=pay_url)


@json_endpoint("POST")
def order_cancel(request: HttpRequest, order_id: str) -> JsonResponse:
    login_require(request)
    order = services.order_cancel(order_id=order_id, user=request.user)
    return json_ok(status=order.status)


@json_endpoint("POST")
def order_receive(request: HttpRequest, order_id: str) -> JsonResponse:
    login_require(request)
    services.order_receive(user=request.user, order_id=order_id)
    return json_ok(status=OrderStatus.UNCOMMENTED.value)


@json_endpoint("GET")
def order_status(request: HttpRequest, order_id: str) -> JsonResponse:
    login_require(request)
    order = selectors.order_get(user=request.user, order_id=order_id)
    if order is None:
        raise OrderNotFound
    return json_ok(status=order.status)


@csrf_exempt
@require_POST
def alipay_notify(request: HttpRequest) -> HttpResponse:
    """Alipay's (and the sandbox's) asynchronous notification. ``success`` tells the gateway to
    stop retrying: only for a verified notification that was applied now or before."""
    try:
        outcome = services.payment_notification_apply(params=request.POST.dict())
    except services.NotificationRefused as refused:
        logger.warning("payment notification refused: %s", refused)
        return HttpResponse("fail", content_type="text/plain", status=400)
    logger.info("payment notification for %s: %s", request.POST.get("out_trade_no"), outcome)
    return HttpResponse("success", content_type="text/plain")


@login_required
def order_paid(request: HttpRequest, order_id: str) -> HttpResponse:
    """The gateway's return page. Its query string is never trusted: until the notification
    (or a trade query made here) confirms the payment, it says 支付处理中 and checks again."""
    order = selectors.order_get(user=request.user, order_id=order_id)
    if order is None:
        raise Http404
    if order.status == OrderStatus.UNPAID:
        try:
            services.payment_query_for_return_page(order_id=order_id)
        except (GatewayError, DomainError) as error:
            logger.info("return page: trade query for %s failed: %s", order_id, error)
        order = _own_order_or_404(request, order_id)
    context = {"order": order, "confirmed": order.paid_at is not None, "active_tab": "orders"}
    return render(request, "shop/order_paid.html", context)


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    tab = selectors.order_tab(request.GET.get("status"))
    orders = selectors.order_page(user=request.user, page_number=request.GET.get("page"), tab=tab)
    context = {"orders": orders, "status_tab": tab, "active_tab": "orders"}
    return render(request, "shop/orders.html", context)


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
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("感谢评价！"))
            return redirect("shop:order_detail", order_id=order_id)
    context = {"order": order, "form": form, "active_tab": "orders"}
    return render(request, "shop/order_comment.html", context)
