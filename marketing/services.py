"""Writes of marketing: a shopper claims a coupon; an order redeems one and a cancelled order
gives it back. Redemption runs inside the order's transaction, under the coupon's row lock
(``shop.locks.coupon_locked``), so limits hold however many shoppers race for the last use."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .clock import pricing_now
from .exceptions import CouponUnavailable
from .models import Coupon, CouponClaim, CouponRedemption
from .selectors import coupon_by_code, coupon_uses


def coupon_claim(*, user, code: str) -> Coupon:
    """Put the coupon with ``code`` into the shopper's list; claiming twice is one claim."""
    coupon = coupon_by_code(code)
    if coupon is None or not coupon.campaign.live:
        raise CouponUnavailable(_("没有这张优惠券。"))
    _starts_at, ends_at = coupon.window()
    if pricing_now() >= ends_at:
        raise CouponUnavailable(_("这张优惠券已过期。"))
    try:
        with transaction.atomic():
            CouponClaim.objects.get_or_create(user=user, coupon=coupon)
    except IntegrityError:  # claimed at the same moment in another tab: one claim either way
        pass
    return coupon


def coupon_redemption_record(
    *, coupon: Coupon, user, order_id: str, amount: Decimal
) -> CouponRedemption:
    """Record one use of ``coupon`` (locked by the caller, in the order's transaction) for
    ``order_id``; ``CouponUnavailable`` when a limit has been reached meanwhile."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a coupon is redeemed inside the order's transaction")
    if coupon_uses(coupon_id=coupon.pk, user_id=user.pk) >= coupon.per_user_limit:
        raise CouponUnavailable(_("该优惠券您已用完。"))
    if coupon.total_limit is not None and coupon_uses(coupon_id=coupon.pk) >= coupon.total_limit:
        raise CouponUnavailable(_("该优惠券已被领用完。"))
    CouponClaim.objects.get_or_create(user=user, coupon=coupon)
    return CouponRedemption.objects.create(
        coupon=coupon, user=user, order_id=order_id, code=coupon.code, amount=amount
    )


def coupon_release(*, order_id: str) -> bool:
    """Give back the coupon a cancelled order used (inside the cancellation's transaction);
    True if there was one. Releasing twice releases once."""
    released = CouponRedemption.objects.filter(order_id=order_id, released_at__isnull=True)
    return bool(released.update(released_at=timezone.now()))
