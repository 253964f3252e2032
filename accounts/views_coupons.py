"""The shopper's coupon list (我的优惠券) and claiming a coupon by its code: from the list's
form, or from any page's ``[data-coupon-claim]`` button (static/js/coupons.js)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from freshsite.http import json_ok
from freshsite.json_routes import json_endpoint, login_require
from marketing.clock import pricing_now
from marketing.exceptions import CouponUnavailable
from marketing.selectors import coupons_of_user
from marketing.services import coupon_claim

CODE_MAX_LENGTH = 40  # codes are 20 characters at most; longer input is no code at all


def _code(request: HttpRequest) -> str:
    code = request.POST.get("code", "").strip()
    return code if len(code) <= CODE_MAX_LENGTH else ""


def _status(coupon, now) -> str:
    """What the list says of a coupon: usable, used up, expired or not yet valid."""
    if coupon.usable_now:
        return _("可使用")
    starts_at, ends_at = coupon.window()
    if coupon.my_uses >= coupon.per_user_limit:
        return _("已使用")
    if now >= ends_at:
        return _("已过期")
    return _("未开始") if now < starts_at else _("不可用")


@login_required
def coupon_list(request: HttpRequest) -> HttpResponse:
    """The shopper's claimed coupons, usable ones first; the form adds one by its code (the
    page's script does it in place; without script the form posts here)."""
    if request.method == "POST":
        try:
            coupon = coupon_claim(user=request.user, code=_code(request))
        except CouponUnavailable as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已领取“%(title)s”。") % {"title": coupon.title})
        return redirect("accounts:coupons")
    now = pricing_now()
    coupons = coupons_of_user(user_id=request.user.pk, at=now)
    for coupon in coupons:
        coupon.status_label = _status(coupon, now)
        coupon.starts_at_shown, coupon.ends_at_shown = coupon.window()
    return render(request, "accounts/coupons.html", {"coupons": coupons, "active_tab": "coupons"})


@json_endpoint("POST")
def coupon_claim_json(request: HttpRequest) -> JsonResponse:
    """Claim the coupon with the posted ``code`` into the shopper's list; claiming it again
    is the same one claim."""
    login_require(request)
    coupon = coupon_claim(user=request.user, code=_code(request))
    return json_ok(coupon={"code": coupon.code, "title": coupon.title})
