"""Reads of the shop: cart lines, the checkout summary, the shopper's orders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet

from catalog.models import GoodsSKU
from catalog.renditions import CARD_RENDITION, THUMB_RENDITION, with_renditions
from freshsite.paging import page_get

from . import redis_cart
from .models import OrderGoods, OrderInfo, OrderStatus


@dataclass
class CartLine:
    sku_id: int
    count: int
    sku: GoodsSKU | None  # None: the goods were deleted

    @property
    def available(self) -> bool:
        return self.sku is not None and self.sku.is_on_sale and self.sku.stock > 0

    @property
    def subtotal(self) -> Decimal:
        return self.sku.price * self.count if self.sku else Decimal("0")


def cart_count(*, cart_key: str) -> int:
    return redis_cart.distinct_count(cart_key)


def session_summary(*, user, cart_key: str | None) -> dict:
    """What ``GET /session/`` tells a page's script: the user's name (None for a guest) and
    the number of distinct goods in their cart."""
    return {
        "user": {"username": user.get_username()} if user.is_authenticated else None,
        "cart_count": cart_count(cart_key=cart_key) if cart_key else 0,
    }


def cart_lines(*, cart_key: str, sku_ids: list[int] | None = None) -> list[CartLine]:
    """The cart's lines (or just ``sku_ids``), newest goods first, unavailable ones flagged."""
    items = redis_cart.items(cart_key)
    if sku_ids is not None:
        wanted = set(sku_ids)
        items = {sku_id: count for sku_id, count in items.items() if sku_id in wanted}
    skus = with_renditions(GoodsSKU.objects.all(), "image", CARD_RENDITION).in_bulk(items)
    return [
        CartLine(sku_id=sku_id, count=count, sku=skus.get(sku_id))
        for sku_id, count in sorted(items.items(), reverse=True)
    ]


@dataclass
class CheckoutSummary:
    lines: list[CartLine]
    total_count: int
    total_price: Decimal
    freight: Decimal

    @property
    def amount_due(self) -> Decimal:
        return self.total_price + self.freight


def checkout_summary(*, cart_key: str, sku_ids: list[int]) -> CheckoutSummary:
    lines = [line for line in cart_lines(cart_key=cart_key, sku_ids=sku_ids) if line.available]
    return CheckoutSummary(
        lines=lines,
        total_count=sum(line.count for line in lines),
        total_price=sum((line.subtotal for line in lines), Decimal("0")),
        freight=Decimal(settings.ORDER_FREIGHT),
    )


def _orders_with_lines(*, user) -> QuerySet[OrderInfo]:
    lines = with_renditions(OrderGoods.objects.order_by("id"), "image", THUMB_RENDITION)
    return OrderInfo.objects.filter(user=user).prefetch_related(Prefetch("lines", queryset=lines))


def order_page(*, user, page_number, per_page: int = 5) -> PaginatorPage:
    orders = _orders_with_lines(user=user).order_by("-created_at", "-order_id")
    return page_get(Paginator(orders, per_page), page_number)


def order_get(*, user, order_id: str) -> OrderInfo | None:
    return OrderInfo.objects.filter(pk=order_id, user=user).first()


def order_detail(*, user, order_id: str) -> OrderInfo | None:
    """The shopper's own order with its lines and refunds; ``None`` for anyone else's."""
    return _orders_with_lines(user=user).prefetch_related("refunds").filter(pk=order_id).first()


def order_refundable_amount(*, order: OrderInfo) -> Decimal:
    """What is left to refund of what was paid (refunds being processed count as refunded)."""
    return max(order.paid_amount - order.refunded_amount, Decimal("0"))


@dataclass
class GoodsComment:
    author: str
    text: str
    created_at: datetime


def _masked(username: str) -> str:
    return f"{username[0]}***{username[-1]}" if len(username) > 2 else f"{username[:1]}***"


def sku_comments(*, sku_id: int, limit: int = 10) -> list[GoodsComment]:
    """The newest comments shoppers wrote on these goods, authors' names masked."""
    rows = (
        OrderGoods.objects.filter(sku_id=sku_id, order__status=OrderStatus.FINISHED)
        .exclude(comment="")
        .order_by("-id")
        .values_list("order__user__username", "comment", "order__updated_at")[:limit]
    )
    return [GoodsComment(_masked(name), text, when) for name, text, when in rows]
