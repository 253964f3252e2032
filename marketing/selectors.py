"""Reads of marketing: the sale prices, 满减 and coupons in force at a moment.

One pricing order everywhere (lists, detail, cart, confirmation, the order itself): sale prices
first (``SalePrices``), then either the best 满减 or one coupon — the better of the two for the
shopper, or both when the coupon says it stacks (``discount_best``). Everything is computed
from the campaigns' times at the moment of pricing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .clock import pricing_now
from .models import Campaign, CampaignSalePrice, Coupon, CouponClaim, CouponRedemption

CENT = Decimal("0.01")
ZERO = Decimal("0")


def campaigns_running(*, at: datetime | None = None):
    at = at or pricing_now()
    return Campaign.objects.filter(live=True, starts_at__lte=at, ends_at__gt=at)


@dataclass
class SalePrices:
    """The sale prices in force at one moment: per SKU, and per category as a percentage."""

    by_sku: dict[int, tuple[Decimal | None, int | None]] = field(default_factory=dict)
    by_category: dict[int, int] = field(default_factory=dict)

    def price_of(self, *, sku_id: int, category_id: int, price: Decimal) -> Decimal | None:
        """The sale price of a SKU listed at ``price``, or None when it is not on sale (a
        "sale" price at or above the list price is no sale)."""
        offers = []
        if sku_id in self.by_sku:
            fixed, percent = self.by_sku[sku_id]  # both, when overlapping campaigns give both
            if fixed is not None:
                offers.append(fixed)
            if percent:
                offers.append(_percent_of(price, percent))
        if category_id in self.by_category:
            offers.append(_percent_of(price, self.by_category[category_id]))
        best = min(offers, default=None)
        return best if best is not None and best < price else None


def _yuan(amount: Decimal) -> str:
    """¥ amounts in labels: 99, not 99.00; 9.9 stays 9.9."""
    return f"{amount.normalize():f}"


def _percent_of(price: Decimal, percent: int) -> Decimal:
    return max((price * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP), CENT)


def sale_prices_at(at: datetime | None = None) -> SalePrices:
    """The sale prices of every campaign running at ``at`` (default: now). One query; the best
    offer wins where campaigns overlap."""
    rows = CampaignSalePrice.objects.filter(campaign__in=campaigns_running(at=at)).values_list(
        "sku_id", "category_id", "price", "percent"
    )
    prices = SalePrices()
    for sku_id, category_id, fixed, percent in rows:
        if sku_id is not None:
            prices.by_sku.setdefault(sku_id, [])
            prices.by_sku[sku_id].append((fixed, percent))
        elif percent:
            prices.by_category[category_id] = min(percent, prices.by_category.get(category_id, 100))
    prices.by_sku = {sku_id: _best_offer(offers) for sku_id, offers in prices.by_sku.items()}
    return prices


def _best_offer(offers: list[tuple]) -> tuple[Decimal | None, int | None]:
    """Of one SKU's offers in overlapping campaigns: the lowest fixed price and the lowest
    percentage (``price_of`` then compares the two at the SKU's price)."""
    fixed = min((f for f, _p in offers if f is not None), default=None)
    percent = min((p for _f, p in offers if p is not None), default=None)
    return fixed, percent


def campaigns_changing_between(start: datetime, end: datetime) -> list[int]:
    """Ids of live campaigns whose window starts or ends in (start, end]: their prices change
    at that edge, and the pages showing them must be published again."""
    edge = Q(starts_at__gt=start, starts_at__lte=end) | Q(ends_at__gt=start, ends_at__lte=end)
    return list(Campaign.objects.filter(edge, live=True).values_list("pk", flat=True))


# --- 满减 and coupons -------------------------------------------------------------------------


@dataclass(frozen=True)
class PricedLine:
    """A line as priced: its SKU's category and current (sale) unit price, and its count."""

    sku_id: int
    category_id: int
    unit_price: Decimal
    count: int

    @property
    def subtotal(self) -> Decimal:
        return self.unit_price * self.count


def _in_scope(lines: Iterable[PricedLine], category_id: int | None) -> Decimal:
    return sum(
        (line.subtotal for line in lines if category_id is None or line.category_id == category_id),
        ZERO,
    )


@dataclass(frozen=True)
class Discount:
    """What the shopper saves: the 满减 and the coupon applied (either may be absent)."""

    threshold: Decimal = ZERO
    threshold_campaign: Campaign | None = None
    coupon_amount: Decimal = ZERO
    coupon: Coupon | None = None
    # a coupon the shopper chose that does not apply, or that the 满减 beat: why, for the page
    coupon_note: str = ""

    @property
    def amount(self) -> Decimal:
        return self.threshold + self.coupon_amount

    @property
    def label(self) -> str:
        parts = []
        if self.threshold_campaign is not None:
            c = self.threshold_campaign
            amount, off = _yuan(c.threshold_amount), _yuan(c.threshold_off)
            parts.append(
                _("%(name)s 满%(amount)s减%(off)s") % {"name": c.name, "amount": amount, "off": off}
            )
        if self.coupon is not None:
            parts.append(f"{self.coupon.title}（{self.coupon.code}）")
        return "；".join(parts)


def threshold_best(lines: list[PricedLine], *, at: datetime | None = None):
    """The biggest 满减 the lines reach among the running campaigns: (amount, campaign)."""
    best = (ZERO, None)
    campaigns = campaigns_running(at=at).filter(
        threshold_amount__isnull=False, threshold_off__isnull=False
    )
    for campaign in campaigns:
        reached = _in_scope(lines, campaign.threshold_category_id) >= campaign.threshold_amount
        if reached and campaign.threshold_off > best[0]:
            best = (campaign.threshold_off, campaign)
    return best


def coupon_by_code(code: str) -> Coupon | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    return Coupon.objects.select_related("campaign").filter(code=code).first()


def coupon_uses(*, coupon_id: int, user_id: int | None = None) -> int:
    """Uses of a coupon not given back (by one shopper when ``user_id`` is given)."""
    uses = CouponRedemption.objects.filter(coupon_id=coupon_id, released_at__isnull=True)
    if user_id is not None:
        uses = uses.filter(user_id=user_id)
    return uses.count()


def coupon_refusal(
    coupon: Coupon, *, user_id: int, lines: list[PricedLine], at: datetime | None = None
) -> str:
    """Why the shopper cannot use ``coupon`` on ``lines`` now ("" when they can). Counts read
    here are advisory; the order re-checks them under the coupon's row lock."""
    at = at or pricing_now()
    if not coupon.is_valid_at(at):
        return _("该优惠券不在使用时间内。")
    scoped = _in_scope(lines, coupon.category_id)
    if scoped <= ZERO:
        return _("所选商品不在该优惠券的适用范围内。")
    if scoped < coupon.min_spend:
        return _("未满足优惠券的最低消费 ¥%(amount)s。") % {"amount": f"{coupon.min_spend:.2f}"}
    if coupon_uses(coupon_id=coupon.pk, user_id=user_id) >= coupon.per_user_limit:
        return _("该优惠券您已用完。")
    if coupon.total_limit is not None and coupon_uses(coupon_id=coupon.pk) >= coupon.total_limit:
        return _("该优惠券已被领用完。")
    return ""


def coupon_amount(coupon: Coupon, lines: list[PricedLine]) -> Decimal:
    """A coupon saves its face value, never more than the goods in its scope cost."""
    return min(coupon.amount_off, _in_scope(lines, coupon.category_id))


def discount_best(
    lines: list[PricedLine], *, user_id: int, coupon: Coupon | None, at: datetime | None = None
) -> Discount:
    """The discount of these lines: the best 满减, or the chosen coupon if it saves more (or
    both, when the coupon stacks). A coupon that cannot be used is noted, not applied."""
    at = at or pricing_now()
    threshold, campaign = threshold_best(lines, at=at)
    with_threshold = Discount(threshold=threshold, threshold_campaign=campaign)
    if coupon is None:
        return with_threshold
    refusal = coupon_refusal(coupon, user_id=user_id, lines=lines, at=at)
    if refusal:
        return Discount(threshold, campaign, coupon_note=refusal)
    amount = coupon_amount(coupon, lines)
    if coupon.stacks_with_threshold:
        return Discount(threshold, campaign, amount, coupon)
    if amount >= threshold:
        return Discount(coupon_amount=amount, coupon=coupon)
    return Discount(threshold, campaign, coupon_note=_("满减更优惠，本单未使用优惠券。"))


def coupons_of_user(*, user_id: int, at: datetime | None = None) -> list[Coupon]:
    """The shopper's claimed coupons, usable ones (valid now, uses left) first."""
    at = at or pricing_now()
    claims = CouponClaim.objects.filter(user_id=user_id).values_list("coupon_id", flat=True)
    coupons = list(
        Coupon.objects.filter(pk__in=claims, campaign__live=True)
        .select_related("campaign", "category")
        .annotate(
            my_uses=Count(
                "redemptions",
                filter=Q(redemptions__user_id=user_id, redemptions__released_at__isnull=True),
            )
        )
    )
    for coupon in coupons:
        coupon.usable_now = coupon.is_valid_at(at) and coupon.my_uses < coupon.per_user_limit
    coupons.sort(key=lambda c: (not c.usable_now, c.window()[1]))
    return coupons


def coupon_choices(
    lines: list[PricedLine], *, user_id: int, at: datetime | None = None
) -> list[tuple[Coupon, Decimal]]:
    """The shopper's coupons usable on these lines now, with what each saves, best first."""
    at = at or pricing_now()
    usable = [
        (coupon, coupon_amount(coupon, lines))
        for coupon in coupons_of_user(user_id=user_id, at=at)
        if coupon.usable_now and not coupon_refusal(coupon, user_id=user_id, lines=lines, at=at)
    ]
    return sorted(usable, key=lambda pair: -pair[1])


def campaign_page_context(*, campaign: Campaign, request=None) -> dict:
    """What a campaign's page shows (also its admin preview): its rules and coupons. Its goods
    are listed by the catalog (``catalog.views.campaign_page``)."""
    at = pricing_now()
    coupons = campaign.coupons.filter(claimable=True).select_related("campaign", "category")
    # a coupon past its own end is not offered (the page is republished at the campaign's
    # edges, not each coupon's: a click on one that ended since answers 已过期)
    return {"campaign": campaign, "coupons": [c for c in coupons if at < c.window()[1]]}


def campaign_live_by_slug(slug: str) -> Campaign | None:
    """The published campaign of a campaign page (``/campaigns/<slug>/``), None if none."""
    return Campaign.objects.filter(live=True, slug=slug).first()


def campaign_goods_scope(campaign_id: int) -> tuple[set[int], set[int]]:
    """What a campaign's sale prices name: (SKU ids, category ids); one query."""
    rows = CampaignSalePrice.objects.filter(campaign_id=campaign_id).values_list(
        "sku_id", "category_id"
    )
    sku_ids = {sku_id for sku_id, _c in rows if sku_id is not None}
    category_ids = {category_id for _s, category_id in rows if category_id is not None}
    return sku_ids, category_ids
