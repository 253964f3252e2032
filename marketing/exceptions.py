"""Domain errors of marketing; views turn them into the contract's JSON errors."""

from __future__ import annotations

from freshsite.errors import InvalidInput


class CouponUnavailable(InvalidInput):
    """The coupon cannot be used (unknown code, outside its times, below its minimum spend,
    nothing in its category, or its limits reached)."""

    code = "coupon_unavailable"
