from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catalog.exceptions import SKUNotFound
from catalog.selectors import sku_is_on_shelf, skus_in_order
from freshsite.http import json_error, json_ok, mark_json_view
from freshsite.json_routes import json_endpoint, login_require, positive_int
from freshsite.rate_limits import limit_json_route, limit_posts_per_address

from . import regions, restock, selectors, services
from .exceptions import (
    ActivationLinkExpired,
    ActivationLinkInvalid,
    AlreadyActivated,
    UsernameTaken,
)
from .forms import (
    AddressForm,
    LoginForm,
    QueuedPasswordResetForm,
    RegisterForm,
    ResendActivationForm,
)
from .login_throttle import login_lockout_message
from .models import Address, username_validator

REMEMBER_ME_AGE = timedelta(weeks=2)


# --- Registration and activation -------------------------------------------------------------
@limit_posts_per_address(scope="accounts.register", rate_setting="RATE_LIMIT_REGISTER")
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_register(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
            )
        except UsernameTaken:
            form.add_error("username", _("用户名已被注册。"))
        else:
            request.session["registered_email"] = user.email
            return redirect("accounts:register_done")
    return render(request, "accounts/register.html", {"form": form})


def register_done(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/register_done.html", {"email": request.session.get("registered_email")}
    )


@mark_json_view
@limit_json_route
@require_GET
def register_check(request: HttpRequest) -> JsonResponse:
    username = request.GET.get("username", "").strip()
    try:
        username_validator(username)
    except ValidationError as error:  # tell the page why, not just "taken"
        return json_error("invalid_username", " ".join(error.messages), 400)
    return json_ok(available=selectors.username_is_available(username=username))


def activate(request: HttpRequest, token: str) -> HttpResponse:
    outcome, status = "activated", 200
    try:
        services.user_activate(token=token)
    except AlreadyActivated:
        outcome = "already_active"
    except ActivationLinkExpired:
        outcome, status = "expired", 400
    except ActivationLinkInvalid:
        outcome, status = "invalid", 400
    return render(
        request,
        "accounts/activate.html",
        {"outcome": outcome, "resend_form": ResendActivationForm()},
        status=status,
    )


def activation_resend(request: HttpRequest) -> HttpResponse:
    form = ResendActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.activation_mail_resend(identifier=form.cleaned_data["identifier"])
        return render(request, "accounts/activation_resend.html", {"form": None, "sent": True})
    return render(request, "accounts/activation_resend.html", {"form": form, "sent": False})


# --- Login and logout ------------------------------------------------------------------------
def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url)
    form = LoginForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        if form.cleaned_data["remember"]:
            request.session.set_expiry(REMEMBER_ME_AGE)
        else:
            request.session.set_expiry(0)  # ends with the browser
        return redirect(next_url)
    status = 200
    if form.has_error("__all__", LoginForm.THROTTLED):
        status = 429
    context = {
        "form": form,
        "next": next_url,
        "inactive": form.has_error("__all__", LoginForm.INACTIVE),
    }
    return render(request, "accounts/login.html", context, status=status)


def login_lockout(
    request: HttpRequest, response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """django-axes' answer to a locked-out login (``AXES_LOCKOUT_CALLABLE``), status 429.

    The shop's and the admin's login forms already show the lockout message in the page they
    rendered, so that page is kept; anything else gets a page of its own.
    """
    if response is not None and response.status_code in (200, 429):
        response.status_code = 429
        return response
    return render(
        request, "accounts/login_locked.html", {"message": login_lockout_message()}, status=429
    )


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


# --- User center -----------------------------------------------------------------------------
@login_required
def user_center(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/user_center.html",
        {
            "default_address": selectors.address_default(user=request.user),
            "recently_viewed": skus_in_order(
                sku_ids=selectors.browsing_history_sku_ids(user_id=request.user.pk)
            ),
            "active_tab": "info",
        },
    )


@json_endpoint("POST")
def history_record(request: HttpRequest) -> JsonResponse:
    """A logged-in shopper's view of a goods page, reported by the page's script."""
    login_require(request)
    sku_id = positive_int(request.POST.get("sku_id"), "sku_id")
    if not sku_is_on_shelf(sku_id=sku_id):
        raise SKUNotFound
    services.browsing_history_record(user_id=request.user.pk, sku_id=sku_id)
    return json_ok()


@json_endpoint("POST")
def restock_alert_subscribe(request: HttpRequest) -> JsonResponse:
    """到货通知: mail the shopper once when the posted sold-out ``sku_id`` is back."""
    login_require(request)
    sku_id = positive_int(request.POST.get("sku_id"), "sku_id")
    restock.restock_alert_subscribe(user=request.user, sku_id=sku_id)
    return json_ok()


@login_required
def address_list(request: HttpRequest) -> HttpResponse:
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.address_create(
            user=request.user,
            is_default=bool(request.POST.get("is_default")),
            **form.cleaned_data,
        )
        messages.success(request, _("地址已添加。"))
        return redirect("accounts:addresses")
    return render(
        request,
        "accounts/addresses.html",
        {
            "addresses": selectors.address_list(user=request.user),
            "form": form,
            "region_data": regions.regions(),
            "region_other": regions.OTHER,
            "active_tab": "address",
        },
        status=400 if form.errors else 200,
    )


def _own_address_or_404(request: HttpRequest, address_id: int) -> Address:
    try:
        return selectors.address_get(user=request.user, address_id=address_id)
    except Address.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def address_edit(request: HttpRequest, address_id: int) -> HttpResponse:
    instance = _own_address_or_404(request, address_id)
    form = AddressForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.address_update(user=request.user, address_id=address_id, **form.cleaned_data)
        messages.success(request, _("地址已保存。"))
        return redirect("accounts:addresses")
    return render(
        request,
        "accounts/address_edit.html",
        {
            "form": form,
            "address": instance,
            "region_data": regions.regions(),
            "region_other": regions.OTHER,
            "active_tab": "address",
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def address_delete(request: HttpRequest, address_id: int) -> HttpResponse:
    _own_address_or_404(request, address_id)
    services.address_delete(user=request.user, address_id=address_id)
    messages.success(request, _("地址已删除。"))
    return redirect("accounts:addresses")


@login_required
@require_POST
def address_set_default(request: HttpRequest, address_id: int) -> HttpResponse:
    _own_address_or_404(request, address_id)
    services.address_set_default(user=request.user, address_id=address_id)
    messages.success(request, _("默认地址已更新。"))
    return redirect("accounts:addresses")


# --- Passwords (Django's views with our templates, mail through Celery) ----------------------
@method_decorator(
    limit_posts_per_address(
        scope="accounts.password_reset", rate_setting="RATE_LIMIT_PASSWORD_RESET"
    ),
    name="dispatch",
)
class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/mail/password_reset.txt"
    html_email_template_name = "accounts/mail/password_reset.html"
    subject_template_name = "accounts/mail/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")
