"""Cancelling orders: by the shopper, by staff (a paid one is refunded), and by the timeout.

A cancel moves the order out of its status under the order's row lock, so of a cancel and a
payment arriving together exactly one wins (``payments.payment_record`` refunds a payment that
lost). The stock, the coupon and the delivery slot's place come back in the same transaction,
so they come back exactly once. Open trades are closed at the gateway after the commit, never
while the lock is held.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from catalog import stock
from freshsite.errors import InvalidInput
from marketing.services import coupon_release

from .. import locks, redis_cart
from ..exceptions import OrderNotFound, OrderWrongStatus
from ..models import ONLINE_PAY_METHODS, OrderGoods, OrderInfo, OrderStatus
from .after_commit import task_after_commit
from .refunds import refund_open
from .slots import delivery_slot_release

CANCELLABLE_BY_SHOPPER = (OrderStatus.UNPAID, OrderStatus.CASH_ON_DELIVERY)
CANCELLABLE_BY_STAFF = (*CANCELLABLE_BY_SHOPPER, OrderStatus.PAID)
REASON_MAX_LENGTH = OrderInfo._meta.get_field("cancel_reason").max_length


def _stock_give_back(order_id: str) -> None:
    lines = sorted(
        OrderGoods.objects.filter(order_id=order_id, sku_id__isnull=False).values_list(
            "sku_id", "count"
        )
    )
    for sku_id, count in lines:  # in SKU-id order, like every order, so no deadlock
        stock.stock_give_back(sku_id=sku_id, count=count)
    sku_ids = [sku_id for sku_id, _count in lines]
    transaction.on_commit(lambda: redis_cart.stock_mirror_forget(sku_ids))


def _cancel_locked(order: OrderInfo, *, reason: str, staff: User | None) -> None:
    """Cancel a locked order whose status allows it; a paid one is refunded in full."""
    paid = order.status == OrderStatus.PAID
    order.status = OrderStatus.REFUNDING if paid else OrderStatus.CANCELLED
    order.cancel_reason = reason
    order.save(update_fields=["status", "cancel_reason", "updated_at"])
    _stock_give_back(order.pk)
    delivery_slot_release(slot_id=order.delivery_slot_id)
    coupon_release(order_id=order.pk)  # the shopper may use it again
    if paid:
        left = order.paid_amount - order.refunded_amount
        if left > 0:
            refund_open(order=order, amount=left, reason=reason, staff=staff)
    elif order.pay_method in ONLINE_PAY_METHODS:
        task_after_commit("trade_close_task", order_id=order.pk)


def order_cancel(
    *, order_id: str, user: User | None = None, staff: User | None = None, reason: str = ""
) -> OrderInfo:
    """Cancel an order that has not shipped.

    The shopper (``user``) cancels their own unpaid or cash-on-delivery order; staff
    (``staff``, with a reason) may also cancel a paid one, which is refunded in full.
    """
    if (user is None) == (staff is None):
        raise ValueError("order_cancel needs exactly one of user= and staff=")
    reason = (reason or "").strip()
    if staff is not None and not reason:
        raise InvalidInput(_("请填写取消原因。"))
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInput(_("取消原因最多 %(count)s 字。") % {"count": REASON_MAX_LENGTH})
    allowed = CANCELLABLE_BY_SHOPPER if staff is None else CANCELLABLE_BY_STAFF
    with transaction.atomic():
        order = locks.order_locked(order_id=order_id, user=user)
        if order is None:
            raise OrderNotFound
        if order.status not in allowed:
            raise OrderWrongStatus(_("该订单当前不能取消。"))
        _cancel_locked(order, reason=reason or _("顾客取消"), staff=staff)
    return order


def orders_cancel_unpaid(*, older_than_minutes: int | None = None) -> int:
    """Cancel online-payment orders left unpaid too long and give their stock back."""
    minutes = settings.ORDER_UNPAID_MINUTES if older_than_minutes is None else older_than_minutes
    cutoff = timezone.now() - timezone.timedelta(minutes=minutes)
    stale = OrderInfo.objects.filter(status=OrderStatus.UNPAID, created_at__lt=cutoff)
    cancelled = 0
    for order_id in stale.values_list("pk", flat=True)[:500]:
        with transaction.atomic():
            order = locks.order_locked(order_id=order_id)
            if order is None or order.status != OrderStatus.UNPAID:
                continue  # a payment landed meanwhile: it won
            _cancel_locked(order, reason=_("超时未支付，自动取消"), staff=None)
        cancelled += 1
    return cancelled
