"""How an order takes its stock: the one table of stock strategies, and the row locks.

``ORDER_STOCK_STRATEGY`` names one entry of ``STOCK_STRATEGIES``; ``stock_strategy()`` is the only
place that reads it. Every strategy changes stock through the stock service (``catalog.stock``),
which announces the change. Rows are always taken in SKU-id order, so two orders for the same
SKUs lock them in the same order and cannot deadlock each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from catalog import stock
from catalog.exceptions import SKUNotFound
from catalog.models import GoodsSKU
from marketing.models import Coupon

from .exceptions import InsufficientStock, StockContention
from .models import SKU_SNAPSHOT_FIELDS, OrderInfo

OPTIMISTIC_MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class StockStrategy:
    # takes {sku id: count} or raises; the pessimistic one returns the rows it read under lock
    take: Callable[[dict[int, int]], list[GoodsSKU] | None]
    # lock the rows before the order is written (they stay locked until the commit), rather
    # than take the stock last, just before the commit, to hold the hot rows the shortest time
    locks_first: bool


def skus_locked_for_order(sku_ids, *, fields: tuple[str, ...]) -> QuerySet[GoodsSKU]:
    """``SELECT fields … FOR UPDATE`` of the SKUs, in id order."""
    return GoodsSKU.objects.select_for_update().filter(pk__in=sku_ids).only(*fields).order_by("pk")


def _off_shelf(sku: GoodsSKU | None, sku_id: int) -> SKUNotFound:
    name = sku.name if sku else str(sku_id)
    return SKUNotFound(_("商品已下架：%(name)s") % {"name": name}, sku_id=sku_id)


def _short(sku: GoodsSKU) -> InsufficientStock:
    return InsufficientStock(
        _("%(name)s 库存不足（剩 %(stock)s 件）。") % {"name": sku.name, "stock": sku.stock},
        sku_id=sku.pk,
        stock=sku.stock,
    )


def _why_not_taken(sku_id: int) -> Exception:
    sku = GoodsSKU.objects.filter(pk=sku_id).only("name", "stock", "is_on_sale").first()
    if sku is None or not sku.is_on_sale:
        return _off_shelf(sku, sku_id)
    return _short(sku)


def _take_pessimistic(counts: dict[int, int]) -> list[GoodsSKU]:
    """Lock the rows, check them, take: simple, but the rows stay locked for the whole order."""
    locked = list(
        skus_locked_for_order(counts, fields=(*SKU_SNAPSHOT_FIELDS, "stock", "is_on_sale"))
    )
    skus = {sku.pk: sku for sku in locked}
    for sku_id, count in sorted(counts.items()):
        sku = skus.get(sku_id)
        if sku is None or not sku.is_on_sale:
            raise _off_shelf(sku, sku_id)
        if sku.stock < count:
            raise _short(sku)
        stock.stock_take_locked(sku_id=sku_id, count=count)
    return locked


def _take_optimistic(counts: dict[int, int]) -> None:
    """Read, then take only if the stock is still what was read; read again when it is not."""
    for sku_id, count in sorted(counts.items()):
        for _attempt in range(OPTIMISTIC_MAX_ATTEMPTS):
            seen = (
                GoodsSKU.objects.filter(pk=sku_id, is_on_sale=True)
                .values_list("stock", flat=True)
                .first()
            )
            if seen is None or seen < count:
                raise _why_not_taken(sku_id)
            if stock.stock_take_if_unchanged(sku_id=sku_id, seen_stock=seen, count=count):
                break
        else:
            raise StockContention(sku_id=sku_id)


def _take_conditional(counts: dict[int, int]) -> None:
    """One ``UPDATE … WHERE stock >= count`` per SKU: no read, no retry."""
    for sku_id, count in sorted(counts.items()):
        if not stock.stock_take_if_enough(sku_id=sku_id, count=count):
            raise _why_not_taken(sku_id)


STOCK_STRATEGIES: dict[str, StockStrategy] = {
    "pessimistic": StockStrategy(take=_take_pessimistic, locks_first=True),
    "optimistic": StockStrategy(take=_take_optimistic, locks_first=False),
    "conditional": StockStrategy(take=_take_conditional, locks_first=False),
}


def stock_strategy() -> StockStrategy:
    """The strategy ``ORDER_STOCK_STRATEGY`` names (``shop.E002`` rejects an unknown one)."""
    return STOCK_STRATEGIES[settings.ORDER_STOCK_STRATEGY]


def order_locked(*, order_id: str, user=None) -> OrderInfo | None:
    """``SELECT … FOR UPDATE`` of one order (the shopper's own when ``user`` is given): its
    status, amounts and refunds change under this lock, and no gateway is called while held."""
    orders = OrderInfo.objects.select_for_update().filter(pk=order_id)
    if user is not None:
        orders = orders.filter(user=user)
    return orders.first()


def coupon_locked(*, coupon_id: int) -> Coupon | None:
    """``SELECT … FOR UPDATE`` of one coupon, inside the order's transaction: its uses are
    counted and one is recorded under this lock, so its limits hold however many shoppers race
    for the last use. (Only the coupon's row: its campaign is read after, unlocked.)"""
    return Coupon.objects.select_for_update().filter(pk=coupon_id).first()
