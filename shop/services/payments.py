"""Paying for orders: where to pay, applying a verified notification, asking the gateway.

An order becomes paid in one conditional ``UPDATE … WHERE status = 'unpaid'``: a repeated, late
or out-of-order notification, a trade query and the return page may all report the same payment,
and it is applied once. A payment for an order cancelled meanwhile (the timeout won) is recorded
and refunded in full. Gateway calls never run inside a transaction.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from freshsite.store import store_redis

from .. import locks
from ..exceptions import OrderNotFound, OrderNotPayable, PaymentUnavailable
from ..gateways import (
    GatewayError,
    GatewayRefused,
    NotificationInvalid,
    gateway_for,
    pay_methods_online,
)
from ..models import (
    ONLINE_PAY_METHODS,
    OrderInfo,
    OrderRefund,
    OrderStatus,
    PayMethod,
    RefundStatus,
)
from .after_commit import task_after_commit
from .refunds import refund_open

logger = logging.getLogger(__name__)

RECONCILE_QUERIES = 50  # trade queries a minute, at most
RECONCILE_SECONDS = 40  # and no longer than this: the job runs every minute
REFUND_LOST_HOURS = 4  # beyond the refund task's own retries (20, backing off to 10 minutes)
RETURN_QUERY_SECONDS = 5


class NotificationRefused(Exception):
    """A notification that is not verified or does not match its order: answered ``fail``."""


def pay_methods_available() -> set[str]:
    """Cash on delivery always; each online gateway that is configured."""
    return {PayMethod.CASH_ON_DELIVERY.value} | pay_methods_online()


def _site_url(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def order_pay_start(*, user: User, order_id: str, mobile: bool = False) -> str:
    """Where to send the shopper to pay: the gateway's page for this order's trade."""
    order = OrderInfo.objects.filter(pk=order_id, user=user).first()
    if order is None:
        raise OrderNotFound
    if order.status != OrderStatus.UNPAID or order.pay_method not in ONLINE_PAY_METHODS:
        raise OrderNotPayable
    deadline = order.pay_deadline
    if deadline <= timezone.now():
        raise OrderNotPayable(_("订单已超过支付时限，即将自动取消。"))
    return gateway_for(order.pay_method).pay_url(
        out_trade_no=order.order_id,
        amount=order.amount_due,
        subject=_("天天生鲜订单 %(order)s") % {"order": order.order_id},
        expire_at=deadline,
        mobile=mobile,
        return_url=_site_url("shop:paid", order.order_id),
        notify_url=_site_url("shop:alipay_notify"),
    )


def payment_record(*, order_id: str, trade_no: str, amount: Decimal) -> str:
    """Apply a payment the gateway confirmed; returns ``paid``, ``already`` or ``refunding``."""
    now = timezone.now()
    with transaction.atomic():
        if OrderInfo.objects.filter(pk=order_id, status=OrderStatus.UNPAID).update(
            status=OrderStatus.PAID, trade_no=trade_no, paid_amount=amount, paid_at=now,
            updated_at=now,
        ):  # fmt: skip
            task_after_commit("order_mail_task", order_id=order_id, kind="paid")
            return "paid"
        order = locks.order_locked(order_id=order_id)
        if order.trade_no == trade_no:
            return "already"  # told again, or told by a query and a notification both
        if order.status != OrderStatus.CANCELLED or order.trade_no:
            logger.error("order %s: payment %s after %s", order_id, trade_no, order.trade_no)
            return "already"
        # the order was cancelled before the money arrived: keep the money's record, give it back
        order.status = OrderStatus.REFUNDING
        order.trade_no, order.paid_amount, order.paid_at = trade_no, amount, now
        order.save(update_fields=["status", "trade_no", "paid_amount", "paid_at", "updated_at"])
        refund_open(order=order, amount=amount, reason=_("订单已取消，款项自动退回"), staff=None)
        return "refunding"


def payment_notification_apply(*, params: Mapping[str, str]) -> str:
    """Verify an asynchronous notification and apply it; ``NotificationRefused`` when it is not
    the gateway's or does not match its order (logged)."""
    out_trade_no = params.get("out_trade_no", "")
    order = OrderInfo.objects.filter(pk=out_trade_no).first()
    if order is None or order.pay_method not in ONLINE_PAY_METHODS:
        raise NotificationRefused(f"unknown order {out_trade_no!r}")
    try:
        gateway = gateway_for(order.pay_method)
        notification = gateway.notification_verify(params)
    except (NotificationInvalid, PaymentUnavailable) as error:
        raise NotificationRefused(f"order {out_trade_no}: {error}") from error
    if notification.app_id != gateway.app_id:
        raise NotificationRefused(f"order {out_trade_no}: app_id {notification.app_id!r}")
    if notification.total_amount != order.amount_due:
        raise NotificationRefused(
            f"order {out_trade_no}: amount {notification.total_amount} != {order.amount_due}"
        )
    if not notification.paid:
        return "not_paid"  # waiting or closed: nothing to apply, and nothing to retry
    return payment_record(
        order_id=order.pk, trade_no=notification.trade_no, amount=notification.total_amount
    )


def payment_query(*, order_id: str) -> str:
    """Ask the gateway about an unpaid online order and apply a payment it reports."""
    order = OrderInfo.objects.filter(pk=order_id).first()
    if order is None or order.pay_method not in ONLINE_PAY_METHODS:
        return "unknown"
    trade = gateway_for(order.pay_method).trade_query(out_trade_no=order.order_id)
    if trade is None or not trade.paid:
        return "not_paid"
    if trade.total_amount != order.amount_due:
        logger.error("order %s: the gateway reports %s paid", order_id, trade.total_amount)
        return "mismatch"
    return payment_record(order_id=order.pk, trade_no=trade.trade_no, amount=trade.total_amount)


def trade_close(*, order_id: str) -> str:
    """Close a cancelled order's trade at the gateway; a trade paid meanwhile is refunded."""
    order = OrderInfo.objects.filter(pk=order_id).first()
    if order is None or order.status != OrderStatus.CANCELLED or order.trade_no:
        return "nothing"
    try:
        gateway_for(order.pay_method).trade_close(out_trade_no=order.order_id)
    except GatewayRefused:
        # the shopper paid just before the close: the payment is recorded and refunded
        return payment_query(order_id=order_id)
    return "closed"


def payments_reconcile() -> dict[str, int]:
    """Beat: ask the gateway about online orders unpaid for a while (a lost notification still
    ends paid), and queue again refunds whose task was lost."""
    started = time.monotonic()
    now = timezone.now()
    asked = 0
    unpaid = (
        OrderInfo.objects.filter(
            status=OrderStatus.UNPAID,
            pay_method__in=ONLINE_PAY_METHODS,
            created_at__lt=now - timedelta(minutes=settings.PAYMENT_QUERY_AFTER_MINUTES),
        )
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    for order_id in unpaid[:RECONCILE_QUERIES]:
        if time.monotonic() - started > RECONCILE_SECONDS:
            break  # a slow gateway: the rest wait for the next minute rather than pile up
        try:
            payment_query(order_id=order_id)
        except (GatewayError, PaymentUnavailable) as error:
            logger.warning("payment query for order %s failed: %s", order_id, error)
        asked += 1
    # a refund's own task retries for hours; only one pending far longer lost its task
    stuck = OrderRefund.objects.filter(
        status=RefundStatus.PENDING, created_at__lt=now - timedelta(hours=REFUND_LOST_HOURS)
    ).values_list("pk", flat=True)
    requeued = 0
    for refund_no in stuck[:200]:
        task_after_commit("refund_execute_task", refund_no=refund_no)
        requeued += 1
    return {"asked": asked, "refunds_requeued": requeued}


def payment_query_for_return_page(*, order_id: str) -> None:
    """The return page's trade query, at most once in ``RETURN_QUERY_SECONDS`` per order (the
    page reloads; each query can wait seconds on the gateway)."""
    if store_redis().set(f"return_query:{order_id}", 1, nx=True, ex=RETURN_QUERY_SECONDS):
        payment_query(order_id=order_id)
