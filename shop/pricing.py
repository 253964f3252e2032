"""What an order costs: one function for the confirmation page and for the order itself.

The pricing order is the marketing app's (``marketing.selectors``): the goods at their current
(sale) prices, then the best 满减 or the chosen coupon (or both, when the coupon stacks), then
the freight, free from ``ORDER_FREE_FREIGHT_FROM`` of what the goods cost after the discount.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from catalog.models import GoodsSKU
from marketing.models import Coupon
from marketing.selectors import Discount, PricedLine, discount_best

ZERO = Decimal("0")
LABEL_MAX_LENGTH = 200  # OrderInfo.discount_label


def freight_for(goods_after_discount: Decimal) -> Decimal:
    """The freight of an order whose goods cost ``goods_after_discount`` (after discounts)."""
    if goods_after_discount >= Decimal(settings.ORDER_FREE_FREIGHT_FROM):
        return ZERO
    return Decimal(settings.ORDER_FREIGHT)


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


@dataclass(frozen=True)
class OrderPricing:
    total_price: Decimal  # the goods at their current prices
    discount: Discount
    freight: Decimal

    @property
    def discount_amount(self) -> Decimal:
        # a stacking coupon on top of a 满减 never takes the goods below nothing
        return min(self.discount.amount, self.total_price)

    @property
    def discount_label(self) -> str:
        return self.discount.label[:LABEL_MAX_LENGTH]

    @property
    def goods_after_discount(self) -> Decimal:
        return self.total_price - self.discount_amount

    @property
    def amount_due(self) -> Decimal:
        return self.goods_after_discount + self.freight

    @property
    def free_freight_gap(self) -> Decimal:
        """How much more of goods would make the delivery free (0 when it already is)."""
        if not self.freight:
            return ZERO
        return Decimal(settings.ORDER_FREE_FREIGHT_FROM) - self.goods_after_discount


def order_pricing(
    lines: list[PricedLine], *, user_id: int, coupon: Coupon | None = None
) -> OrderPricing:
    """The price of ``lines`` for this shopper with ``coupon`` (or none) chosen, now."""
    total = sum((line.subtotal for line in lines), ZERO)
    discount = discount_best(lines, user_id=user_id, coupon=coupon)
    after = total - min(discount.amount, total)
    return OrderPricing(total_price=total, discount=discount, freight=freight_for(after))
