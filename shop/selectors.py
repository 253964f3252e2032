"""Reads of the shop: cart lines, the checkout summary, the shopper's orders, the admin's sales
figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from catalog.models import GoodsSKU
from catalog.pricing import skus_priced
from catalog.renditions import CARD_RENDITION, THUMB_RENDITION, with_renditions
from freshsite.paging import page_get
from marketing.models import Coupon
from marketing.selectors import PricedLine, coupon_by_code, coupon_choices, threshold_best

from . import redis_cart
from .models import OrderGoods, OrderInfo, OrderStatus, PayMethod
from .pricing import OrderPricing, order_pricing, priced_lines


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
        """At the current price: the sale price while a campaign runs."""
        return self.sku.current_price * self.count if self.sku else Decimal("0")


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
    skus_priced(skus.values())  # one query for the sale prices of all the lines
    return [
        CartLine(sku_id=sku_id, count=count, sku=skus.get(sku_id))
        for sku_id, count in sorted(items.items(), reverse=True)
    ]


@dataclass
class CheckoutSummary:
    """The confirmation page: its lines and their price with the coupon chosen (or the best)."""

    lines: list[CartLine]
    total_count: int
    pricing: OrderPricing
    coupon_choices: list[tuple[Coupon, Decimal]]  # the shopper's usable coupons, best first
    coupon_code: str  # the coupon the price was computed with ("" for none)
    coupon_note: str  # why the chosen coupon is not applied ("" when it is, or none was)

    @property
    def total_price(self) -> Decimal:
        return self.pricing.total_price

    @property
    def discount(self) -> Decimal:
        return self.pricing.discount_amount

    @property
    def discount_label(self) -> str:
        return self.pricing.discount_label

    @property
    def freight(self) -> Decimal:
        return self.pricing.freight

    @property
    def amount_due(self) -> Decimal:
        return self.pricing.amount_due

    @property
    def free_freight_gap(self) -> Decimal:
        return self.pricing.free_freight_gap

    @property
    def cold_chain_fee(self) -> Decimal:
        """The freight's cold-chain surcharge (0 when not charged)."""
        return self.pricing.cold_chain_fee

    @property
    def coupon_code_typed(self) -> str:
        """The chosen code when it is not one of the listed coupons (it was typed in)."""
        listed = {coupon.code for coupon, _saving in self.coupon_choices}
        return self.coupon_code if self.coupon_code not in listed else ""

    @property
    def applied_coupon_code(self) -> str:
        """The code to place the order with: the coupon the price uses, if any."""
        coupon = self.pricing.discount.coupon
        return coupon.code if coupon is not None else ""


def _coupon_best(lines: list[PricedLine], choices: list[tuple[Coupon, Decimal]]):
    """Of the shopper's usable coupons, the one that saves most with the 满减 counted (None
    when the 满减 alone saves as much: no coupon is spent for nothing)."""
    threshold, _campaign = threshold_best(lines)
    best, best_saving = None, threshold
    for coupon, amount in choices:
        saving = amount + threshold if coupon.stacks_with_threshold else amount
        if saving > best_saving:
            best, best_saving = coupon, saving
    return best


def checkout_summary(
    *, user_id: int, cart_key: str, sku_ids: list[int], coupon_code: str | None = None
) -> CheckoutSummary:
    """The confirmation page's lines and price. ``coupon_code``: the shopper's choice ("" for
    no coupon); None when they have not chosen, and the best of their coupons is taken."""
    lines = [line for line in cart_lines(cart_key=cart_key, sku_ids=sku_ids) if line.available]
    priced = priced_lines((line.sku for line in lines), {line.sku_id: line.count for line in lines})
    choices = coupon_choices(priced, user_id=user_id) if priced else []
    note = ""
    if coupon_code is None:
        coupon = _coupon_best(priced, choices)
    else:
        coupon = coupon_by_code(coupon_code)
        if coupon_code.strip() and coupon is None:
            note = _("没有这张优惠券。")
    pricing = order_pricing(priced, user_id=user_id, coupon=coupon)
    return CheckoutSummary(
        lines=lines,
        total_count=sum(line.count for line in lines),
        pricing=pricing,
        coupon_choices=choices,
        coupon_code=coupon.code if coupon is not None else "",
        coupon_note=note or pricing.discount.coupon_note,
    )


def _orders_with_lines(*, user) -> QuerySet[OrderInfo]:
    lines = with_renditions(OrderGoods.objects.order_by("id"), "image", THUMB_RENDITION)
    return OrderInfo.objects.filter(user=user).prefetch_related(Prefetch("lines", queryset=lines))


# The orders page's tabs (``?status=…``): the statuses each one shows; "" is every order.
ORDER_TABS: dict[str, tuple[str, ...]] = {
    "": (),
    "unpaid": (OrderStatus.UNPAID,),
    "to_ship": (OrderStatus.PAID, OrderStatus.CASH_ON_DELIVERY),
    "to_receive": (OrderStatus.SHIPPED,),
    "to_comment": (OrderStatus.UNCOMMENTED,),
}


def order_tab(value: str | None) -> str:
    """The tab asked for; anything else is every order."""
    return value if value in ORDER_TABS else ""


def order_page(*, user, page_number, tab: str = "", per_page: int = 5) -> PaginatorPage:
    orders = _orders_with_lines(user=user).order_by("-created_at", "-order_id")
    if statuses := ORDER_TABS.get(tab):
        orders = orders.filter(status__in=statuses)
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


# --- The sales dashboard (the admin's home) ---------------------------------------------------
# An order *sells* when it was paid online (it has a payment time) or placed cash on delivery, and
# was never cancelled (a cancelled paid order keeps its cancel reason while it is refunded). Its
# revenue is what was paid online, or is due on delivery, minus what was refunded (asked for
# included). Days are the shop's calendar days (TIME_ZONE), whatever time zone an admin user
# chose for themselves, and an order counts on the day it was placed.
MONEY = DecimalField(max_digits=14, decimal_places=2)


def selling(prefix: str = "") -> Q:
    """The orders that sell, as a filter (``prefix``: ``"order__"`` from an order's lines)."""
    return (
        (
            Q(**{f"{prefix}paid_at__isnull": False})
            | Q(**{f"{prefix}pay_method": PayMethod.CASH_ON_DELIVERY})
        )
        & ~Q(**{f"{prefix}status": OrderStatus.CANCELLED})
        & Q(**{f"{prefix}cancel_reason": ""})
    )


def order_revenue():
    """An order's revenue as a database expression (of the orders ``selling`` keeps)."""
    return Case(
        When(
            pay_method=PayMethod.CASH_ON_DELIVERY,
            then=F("total_price") - F("discount") + F("freight"),
        ),
        default=F("paid_amount"),
        output_field=MONEY,
    ) - F("refunded_amount")


def _cents(amount: Decimal | None) -> Decimal:
    # SQLite sums decimals as floats: back to yuan and fen
    return (amount or Decimal("0")).quantize(Decimal("0.01"))


def shop_timezone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=shop_timezone())


def _shop_day(field: str, *, around: date):
    """The shop's calendar day of ``field``, by the shop's UTC offset at ``around``. Not
    ``TruncDate(tzinfo=…)``: on MySQL/MariaDB that needs the server's time-zone tables, and
    without them it gives NULL. (The shop's zone, Asia/Shanghai, keeps one offset all year.)"""
    offset = shop_timezone().utcoffset(datetime.combine(around, time(12)))
    shifted = ExpressionWrapper(F(field) + offset, output_field=DateTimeField())
    return TruncDate(shifted, tzinfo=UTC)


@dataclass(frozen=True)
class SalesDay:
    day: date
    orders: int
    revenue: Decimal


def sales_by_day(*, last_day: date, days: int = 30) -> list[SalesDay]:
    """Orders sold and revenue for each of the ``days`` days up to ``last_day``: one query."""
    first_day = last_day - timedelta(days=days - 1)
    rows = (
        OrderInfo.objects.filter(
            selling(),
            created_at__gte=_day_start(first_day),
            created_at__lt=_day_start(last_day + timedelta(days=1)),
        )
        .annotate(day=_shop_day("created_at", around=first_day))
        .values("day")
        .annotate(orders=Count("pk"), revenue=Sum(order_revenue(), output_field=MONEY))
        .order_by("day")
    )
    found = {row["day"]: row for row in rows}
    series = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        row = found.get(day, {"orders": 0, "revenue": None})
        series.append(SalesDay(day, row["orders"], _cents(row["revenue"])))
    return series


@dataclass(frozen=True)
class TopSeller:
    sku_id: int
    name: str
    units: int
    revenue: Decimal


def top_sellers(*, first_day: date, limit: int = 5) -> list[TopSeller]:
    """The goods sold in the most units from ``first_day`` on (lines of selling orders), then
    by their sales: one query."""
    rows = (
        OrderGoods.objects.filter(
            selling("order__"),
            order__created_at__gte=_day_start(first_day),
            sku_id__isnull=False,
        )
        .values("sku_id")
        .annotate(
            units=Sum("count"),
            revenue=Sum(F("price") * F("count"), output_field=MONEY),
            name=Max("name"),
        )
        .order_by("-units", "-revenue", "sku_id")[:limit]
    )
    return [
        TopSeller(row["sku_id"], row["name"], row["units"], _cents(row["revenue"])) for row in rows
    ]


def goods_low_on_stock(*, threshold: int = 10, limit: int = 10) -> list[GoodsSKU]:
    """On-shelf SKUs with at most ``threshold`` in stock, the emptiest first: one query."""
    return list(
        GoodsSKU.objects.on_shelf()
        .filter(stock__lte=threshold)
        .order_by("stock", "id")
        .only("id", "name", "stock", "unit")[:limit]
    )


def orders_count_by_status(*statuses: str) -> dict[str, int]:
    """How many orders are in each of ``statuses`` now (every one present, 0 if none)."""
    rows = (
        OrderInfo.objects.filter(status__in=statuses)
        .values("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(statuses, 0)
    counts.update({row["status"]: row["count"] for row in rows})
    return counts
