"""Writes of the cart (the Redis hash ``cart_<user id>``, or a guest's): every change is checked
against the SKU's stock in one Lua script (``redis_cart``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from catalog.exceptions import SKUNotFound
from catalog.models import GoodsSKU

from .. import redis_cart
from ..exceptions import InsufficientStock, NotInCart


def _cart_ttl(cart_key: str) -> int:
    return redis_cart.GUEST_CART_SECONDS if cart_key.startswith("cart_guest_") else 0


def _cart_change(*, cart_key: str, sku_id: int, count: int, mode: str) -> tuple[int, int, int]:
    """Change a cart line against the SKU's stock; returns (count now, distinct, stock)."""
    for _attempt in range(2):
        status, current, distinct, stock = redis_cart.change_count(
            key=cart_key, sku_id=sku_id, amount=count, mode=mode, ttl=_cart_ttl(cart_key)
        )
        if status == redis_cart.NO_STOCK_KNOWN:
            on_shelf = GoodsSKU.objects.on_shelf().filter(pk=sku_id).values_list("stock").first()
            redis_cart.stock_mirror_set(sku_id, on_shelf[0] if on_shelf else None)
            continue
        if status == redis_cart.OFF_SHELF:
            raise SKUNotFound
        if status == redis_cart.NOT_IN_CART:
            raise NotInCart
        if status == redis_cart.REFUSED:
            if mode == "add":
                message = _("库存不足：最多还能加 %(count)s 件。") % {
                    "count": max(stock - current, 0)
                }
            else:
                message = _("库存不足：只剩 %(count)s 件。") % {"count": stock}
            raise InsufficientStock(message, sku_id=sku_id, stock=stock, in_cart=current)
        return current, distinct, stock
    raise SKUNotFound  # the SKU vanished between loading its stock and using it


def cart_item_add(*, cart_key: str, sku_id: int, count: int) -> int:
    """Add ``count`` of a SKU; returns the number of distinct goods in the cart."""
    return _cart_change(cart_key=cart_key, sku_id=sku_id, count=count, mode="add")[1]


def cart_item_update(*, cart_key: str, sku_id: int, count: int) -> int:
    """Set the SKU's count in the cart; returns the number of distinct goods."""
    return _cart_change(cart_key=cart_key, sku_id=sku_id, count=count, mode="set")[1]


def cart_item_delete(*, cart_key: str, sku_id: int) -> int:
    return redis_cart.remove(key=cart_key, sku_ids=[sku_id])


def cart_merge(*, guest_key: str, user_id: int) -> None:
    """Move a guest's cart into the shopper's own at login: counts add up, capped at stock."""
    guest_items = redis_cart.items(guest_key)
    if not guest_items:
        return
    stock = dict(GoodsSKU.objects.on_shelf().filter(pk__in=guest_items).values_list("pk", "stock"))
    user_key = redis_cart.user_cart_key(user_id)
    for sku_id, count in guest_items.items():
        if sku_id in stock and stock[sku_id] > 0:
            redis_cart.change_count(
                key=user_key, sku_id=sku_id, amount=count, stock=stock[sku_id], mode="merge"
            )
        else:
            # Off the shelf or sold out: kept, so the cart page shows it as unavailable
            # instead of it vanishing.
            redis_cart.keep(key=user_key, sku_id=sku_id, count=count)
    redis_cart.delete(guest_key)
