"""Reads of the shop: cart lines, the checkout summary, the shopper's orders."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch

from catalog.models import GoodsSKU
from catalog.selectors import CARD_RENDITION, THUMB_RENDITION, with_renditions

from . import redis_cart
from .models import OrderGoods, OrderInfo


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


def cart_lines(*, cart_key: str, sku_ids: list[int] | None = None) -> list[CartLine]:
    """The cart's lines (or just ``sku_ids``), newest goods first, unavailable ones flagged."""
    items = redis_cart.items(cart_key)
    if sku_ids is not None:
        items = {sku_id: count for sku_id, count in items.items() if sku_id in set(sku_ids)}
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


def order_page(*, user, page_number, per_page: int = 5) -> PaginatorPage:
    lines = with_renditions(OrderGoods.objects.order_by("id"), "image", THUMB_RENDITION)
    orders = (
        OrderInfo.objects.filter(user=user)
        .order_by("-created_at", "-order_id")
        .prefetch_related(Prefetch("lines", queryset=lines))
    )
    return Paginator(orders, per_page).get_page(page_number)


def order_get(*, user, order_id: str) -> OrderInfo | None:
    return OrderInfo.objects.filter(pk=order_id, user=user).first()
