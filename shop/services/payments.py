"""Paying for orders: which methods are offered, where to pay, and marking an order paid."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from accounts.models import User

from ..exceptions import OrderNotFound, OrderNotPayable, PaymentUnavailable
from ..models import OrderInfo, OrderStatus, PayMethod


def pay_methods_available() -> set[str]:
    """Cash on delivery always; the sandbox gateway where enabled; Alipay is not set up."""
    methods = {PayMethod.CASH_ON_DELIVERY.value}
    if settings.SANDBOX_PAYMENT_ENABLED:
        methods.add(PayMethod.SANDBOX.value)
    return methods


def order_pay_start(*, user: User, order_id: str) -> str:
    """Where to send the shopper to pay: the gateway's payment page."""
    order = OrderInfo.objects.filter(pk=order_id, user=user).first()
    if order is None:
        raise OrderNotFound
    if order.status != OrderStatus.UNPAID:
        raise OrderNotPayable
    if order.pay_method == PayMethod.SANDBOX and settings.SANDBOX_PAYMENT_ENABLED:
        return reverse("shop:sandbox_pay", args=[order.order_id])
    raise PaymentUnavailable


def order_mark_paid(*, user: User, order_id: str, trade_no: str) -> OrderInfo:
    with transaction.atomic():
        order = OrderInfo.objects.select_for_update().filter(pk=order_id, user=user).first()
        if order is None:
            raise OrderNotFound
        if order.status == OrderStatus.PAID and order.trade_no == trade_no:
            return order  # the gateway told us twice
        if order.status != OrderStatus.UNPAID or order.pay_method != PayMethod.SANDBOX:
            raise OrderNotPayable
        order.status = OrderStatus.PAID
        order.trade_no = trade_no
        order.save(update_fields=["status", "trade_no", "updated_at"])
    return order
