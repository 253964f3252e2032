"""Every query that locks or conditionally changes stock lives here (one place to audit).

Rows are always taken in SKU-id order, so two orders for the same SKUs lock them in the same
order and cannot deadlock each other.
"""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.db.models.functions import Greatest

from catalog.models import GoodsSKU


def skus_locked_for_order(sku_ids, *, fields: tuple[str, ...]) -> QuerySet[GoodsSKU]:
    """``SELECT fields … FOR UPDATE`` of the SKUs, in id order (pessimistic strategy)."""
    return GoodsSKU.objects.select_for_update().filter(pk__in=sku_ids).only(*fields).order_by("pk")


def stock_take_if_unchanged(*, sku_id: int, seen_stock: int, count: int) -> bool:
    """Take ``count`` if the stock is still what was read (optimistic strategy)."""
    return bool(
        GoodsSKU.objects.filter(pk=sku_id, stock=seen_stock, is_on_sale=True).update(
            stock=seen_stock - count, sales=F("sales") + count
        )
    )


def stock_take_if_enough(*, sku_id: int, count: int) -> bool:
    """One ``UPDATE … WHERE stock >= count`` (conditional strategy)."""
    return bool(
        GoodsSKU.objects.filter(pk=sku_id, stock__gte=count, is_on_sale=True).update(
            stock=F("stock") - count, sales=F("sales") + count
        )
    )


def stock_take(*, sku_id: int, count: int) -> None:
    """Take stock from a row this transaction already holds locked (pessimistic strategy)."""
    GoodsSKU.objects.filter(pk=sku_id).update(stock=F("stock") - count, sales=F("sales") + count)


def stock_give_back(*, sku_id: int, count: int) -> None:
    """Return a cancelled order's units (and take back its sales)."""
    GoodsSKU.objects.filter(pk=sku_id).update(
        stock=F("stock") + count, sales=Greatest(F("sales") - count, 0)
    )
