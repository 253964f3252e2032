"""Orders written straight to the database with known amounts, statuses and times, for the
admin's figures (dashboard, export), which read orders and never place them."""

from __future__ import annotations

import itertools
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.tests.factories import UserFactory
from shop.models import OrderGoods, OrderInfo, OrderStatus, PayMethod

FREIGHT = Decimal("10.00")
_numbers = itertools.count(1)

PAID_STATUSES = (
    OrderStatus.PAID,
    OrderStatus.SHIPPED,
    OrderStatus.UNCOMMENTED,
    OrderStatus.FINISHED,
    OrderStatus.REFUNDING,
    OrderStatus.REFUNDED,
    OrderStatus.PARTLY_REFUNDED,
)


def order_made(
    *lines: tuple,
    status: str = OrderStatus.PAID,
    pay_method: str = PayMethod.SANDBOX,
    created_at: datetime | None = None,
    refunded: str = "0",
    user=None,
    **fields,
) -> OrderInfo:
    """An order of ``(sku, count)`` lines at the SKUs' prices plus ¥10 freight, placed at
    ``created_at`` (now by default), paid in full when its status says it was paid online."""
    total = sum((sku.price * count for sku, count in lines), Decimal("0"))
    paid = pay_method != PayMethod.CASH_ON_DELIVERY and status in PAID_STATUSES
    created_at = created_at or timezone.now()
    order = OrderInfo.objects.create(
        order_id=f"{timezone.localtime(created_at):%Y%m%d%H%M%S}{next(_numbers):012d}",
        user=user or UserFactory(),
        receiver=fields.pop("receiver", "张三"),
        receiver_address=fields.pop("receiver_address", "北京市海淀区中关村大街1号"),
        receiver_zip_code="100080",
        receiver_phone=fields.pop("receiver_phone", "13800138000"),
        pay_method=pay_method,
        total_count=sum(count for _sku, count in lines),
        total_price=total,
        freight=FREIGHT,
        status=status,
        trade_no="T-paid" if paid else "",
        paid_amount=total + FREIGHT if paid else Decimal("0"),
        paid_at=created_at if paid else None,
        refunded_amount=Decimal(refunded),
        **fields,
    )
    # auto_now_add ignores the value given on create: set the placing time afterwards
    OrderInfo.objects.filter(pk=order.pk).update(created_at=created_at)
    order.created_at = created_at
    OrderGoods.objects.bulk_create(
        OrderGoods(order=order, sku=sku, name=sku.name, unit=sku.unit, price=sku.price, count=n)
        for sku, n in lines
    )
    return order
