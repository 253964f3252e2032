"""What an order costs: one function for the confirmation page and for the order itself.

The pricing order is the marketing app's (``marketing.selectors``): the goods at their current
(sale) prices, then the best 满减 or the chosen coupon (or both, when the coupon stacks), then
the freight by the editors' rules (``site_settings.FreightSettings``): free from a threshold of
what the goods cost after the discount, and a cold-chain surcharge for 冷藏/冷冻 categories.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from catalog.models import COLD_CHAIN, CategoryPage, GoodsSKU
from marketing.models import Coupon
from marketing.selectors import Discount, PricedLine, discount_best

from .site_settings import FreightSettings

ZERO = Decimal("0")
CENT = Decimal("0.01")
LABEL_MAX_LENGTH = 200  # OrderInfo.discount_label


@dataclass(frozen=True)
class Freight:
    base: Decimal  # the base fee, 0 from the free-delivery threshold on
    cold_chain: Decimal  # the cold-chain surcharge, 0 when not charged
    free_freight_gap: Decimal  # how much more of goods would make the delivery free

    @property
    def total(self) -> Decimal:
        return self.base + self.cold_chain


def freight_for(goods_after_discount: Decimal, *, category_ids: Iterable[int]) -> Freight:
    """The freight of an order whose goods cost ``goods_after_discount`` (after discounts) and
    come from the categories ``category_ids``, by the default site's rules: two queries at
    most (the rules; whether a category is 冷藏/冷冻, only when a surcharge could apply)."""
    rules = FreightSettings.load()
    free = goods_after_discount >= rules.free_from
    base = ZERO if free else rules.base_fee
    cold_chain = ZERO
    if rules.cold_chain_fee and not (free and rules.cold_chain_free_too):
        cold = CategoryPage.objects.filter(pk__in=set(category_ids), storage__in=COLD_CHAIN)
        cold_chain = rules.cold_chain_fee if cold.exists() else ZERO
    saving = base + (cold_chain if rules.cold_chain_free_too else ZERO)
    gap = rules.free_from - goods_after_discount if saving else ZERO
    return Freight(base=base, cold_chain=cold_chain, free_freight_gap=gap)


def priced_lines(skus: Iterable[GoodsSKU], counts: dict[int, int]) -> list[PricedLine]:
    """The lines of ``counts`` at their SKUs' current prices (``skus`` priced in bulk by
    ``catalog.pricing.skus_priced``), in SKU-id order."""
    return [
        PricedLine(
            sku_id=sku.pk,
            category_id=sku.category_id,
            unit_price=sku.current_price,
            count=counts[sku.pk],
        )
        for sku in sorted(skus, key=lambda sku: sku.pk)
    ]


def spread(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """``amount`` split over ``weights`` in proportion, in whole cents, summing to exactly
    ``amount`` (at most the weights' sum): the odd cents go to the largest remainders, first
    line first, so no part is ever more than its weight."""
    whole = sum(weights, ZERO)
    cents = int(min(amount, whole) / CENT)
    if cents <= 0:
        return [ZERO] * len(weights)
    exact = [cents * weight / whole for weight in weights]
    parts = [int(share) for share in exact]  # shares are not negative: int() is the floor
    odd = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in odd[: cents - sum(parts)]:
        parts[i] += 1
    return [part * CENT for part in parts]


def _scoped(lines: list[PricedLine], category_id: int | None, weights: list[Decimal]):
    return [
        weight if category_id is None or line.category_id == category_id else ZERO
        for line, weight in zip(lines, weights, strict=True)
    ]


def lines_discounted(lines: list[PricedLine], discount: Discount) -> tuple[tuple, tuple]:
    """Each line's part of the discount: (满减 parts, coupon parts), in the order of ``lines``.

    The 满减 is spread over the lines in its category (all lines when it has none), the coupon
    over what is left of the lines in its category, both in proportion to what the lines cost:
    a refund of a line then gives back what was paid for it, and no line goes below nothing.
    """
    subtotals = [line.subtotal for line in lines]
    campaign = discount.threshold_campaign
    scope = campaign.threshold_category_id if campaign is not None else None
    threshold = spread(discount.threshold, _scoped(lines, scope, subtotals))
    left = [subtotal - part for subtotal, part in zip(subtotals, threshold, strict=True)]
    scope = discount.coupon.category_id if discount.coupon is not None else None
    coupon = spread(discount.coupon_amount, _scoped(lines, scope, left))
    return tuple(threshold), tuple(coupon)


@dataclass(frozen=True)
class OrderPricing:
    total_price: Decimal  # the goods at their current prices
    discount: Discount
    freight: Decimal  # the base fee and the cold-chain surcharge
    threshold_parts: tuple = ()  # each line's part of the 满减, in the lines' order
    coupon_parts: tuple = ()  # and of the coupon
    cold_chain_fee: Decimal = ZERO  # the freight's cold-chain part
    free_freight_gap: Decimal = ZERO  # how much more of goods would make the delivery free

    @property
    def line_discounts(self) -> list[Decimal]:
        return [a + b for a, b in zip(self.threshold_parts, self.coupon_parts, strict=True)]

    @property
    def coupon_saved(self) -> Decimal:
        return sum(self.coupon_parts, ZERO)

    @property
    def discount_amount(self) -> Decimal:
        # the sum of the lines' parts, so the order and its lines always agree
        return sum(self.line_discounts, ZERO)

    @property
    def discount_label(self) -> str:
        return self.discount.label[:LABEL_MAX_LENGTH]

    @property
    def goods_after_discount(self) -> Decimal:
        return self.total_price - self.discount_amount

    @property
    def amount_due(self) -> Decimal:
        return self.goods_after_discount + self.freight


def order_pricing(
    lines: list[PricedLine], *, user_id: int, coupon: Coupon | None = None
) -> OrderPricing:
    """The price of ``lines`` for this shopper with ``coupon`` (or none) chosen, now."""
    total = sum((line.subtotal for line in lines), ZERO)
    discount = discount_best(lines, user_id=user_id, coupon=coupon)
    threshold_parts, coupon_parts = lines_discounted(lines, discount)
    after = total - sum(threshold_parts, ZERO) - sum(coupon_parts, ZERO)
    freight = freight_for(after, category_ids=(line.category_id for line in lines))
    return OrderPricing(
        total_price=total,
        discount=discount,
        freight=freight.total,
        threshold_parts=threshold_parts,
        coupon_parts=coupon_parts,
        cold_chain_fee=freight.cold_chain,
        free_freight_gap=freight.free_freight_gap,
    )
