"""The one stock service: every change of a SKU's stock goes through here.

Orders take stock (``shop.locks`` picks how), cancellations and the unpaid-order timeout give it
back, editors set it in the admin. Each change is announced with ``signals.stock_changed`` once
its transaction commits (never for a change that rolled back), because a conditional ``UPDATE``
sends no model signal and published pages, back-in-stock mail and search ranking must still
hear about it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Case, F, Value, When

from .models import GoodsSKU
from .signals import stock_changed


def stock_announce(sku_ids: Iterable[int]) -> None:
    """Announce a stock change of ``sku_ids`` when the current transaction commits."""
    ids = sorted(set(sku_ids))
    if ids:
        transaction.on_commit(lambda: stock_changed.send(sender=GoodsSKU, sku_ids=ids))


def stock_take_if_enough(*, sku_id: int, count: int) -> bool:
    """One ``UPDATE … WHERE stock >= count``: taken, or nothing changed."""
    taken = GoodsSKU.objects.filter(pk=sku_id, stock__gte=count, is_on_sale=True).update(
        stock=F("stock") - count, sales=F("sales") + count
    )
    if taken:
        stock_announce([sku_id])
    return bool(taken)


def stock_take_if_unchanged(*, sku_id: int, seen_stock: int, count: int) -> bool:
    """Take ``count`` if the stock is still what was read (compare-and-set)."""
    taken = GoodsSKU.objects.filter(pk=sku_id, stock=seen_stock, is_on_sale=True).update(
        stock=seen_stock - count, sales=F("sales") + count
    )
    if taken:
        stock_announce([sku_id])
    return bool(taken)


def stock_take_locked(*, sku_id: int, count: int) -> None:
    """Take stock from a row this transaction already holds locked and has checked."""
    GoodsSKU.objects.filter(pk=sku_id).update(stock=F("stock") - count, sales=F("sales") + count)
    stock_announce([sku_id])


def stock_give_back(*, sku_id: int, count: int) -> None:
    """Return a cancelled order's units (and take back its sales)."""
    GoodsSKU.objects.filter(pk=sku_id).update(
        stock=F("stock") + count,
        # never below 0, and never computed below 0 either: MySQL/MariaDB refuse "sales - n"
        # on an unsigned column before GREATEST could clamp it
        sales=Case(When(sales__gte=count, then=F("sales") - count), default=Value(0)),
    )
    stock_announce([sku_id])


def stock_edited(*, sku_id: int, before: int | None, after: int) -> None:
    """An editor saved the SKU in the admin (``before`` is None for a new one)."""
    if before != after:
        stock_announce([sku_id])
