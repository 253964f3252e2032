"""Refunds: asked for under the order's lock, carried out at the gateway after the commit.

An order's ``refunded_amount`` counts every refund from the moment it is asked for, so what is
left to refund is always ``paid_amount - refunded_amount``, checked under the order's row lock
(and by a database constraint). The gateway call happens in a task, outside any transaction;
Alipay's refund is idempotent per ``out_request_no`` (our ``refund_no``), so a retried task
never refunds twice.
"""

from __future__ import annotations

import logging
import secrets
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from freshsite.errors import InvalidInput
from freshsite.store import store_redis

from .. import locks
from ..exceptions import OrderNotFound, OrderWrongStatus, RefundForbidden, RefundTooLarge
from ..gateways import GatewayRefused, gateway_for
from ..models import OrderInfo, OrderRefund, OrderStatus, RefundStatus
from ..pricing import spread
from .after_commit import task_after_commit

logger = logging.getLogger(__name__)

REFUND_PERMISSION = "shop.refund_orderinfo"
# paid and not on its way: a claim on goods in transit waits until they arrive
REFUNDABLE = (
    OrderStatus.PAID,
    OrderStatus.UNCOMMENTED,
    OrderStatus.FINISHED,
    OrderStatus.PARTLY_REFUNDED,
)
# the statuses whose delivery is over: a partial refund then shows as the order's status
PARTLY_REFUNDABLE_WHEN_DONE = (OrderStatus.FINISHED, OrderStatus.PARTLY_REFUNDED)
REASON_MAX_LENGTH = OrderRefund._meta.get_field("reason").max_length
RUNNING_SECONDS = 120  # one gateway call at a time per refund (a retry and a re-queue)
CENT = Decimal("0.01")


def _reason_clean(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请填写退款原因。"))
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInput(_("退款原因最多 %(count)s 字。") % {"count": REASON_MAX_LENGTH})
    return reason


def _lines_refunded(order: OrderInfo) -> set[int]:
    refunds = order.refunds.exclude(status=RefundStatus.FAILED).values_list("line_ids", flat=True)
    return {line_id for line_ids in refunds for line_id in line_ids}


def _paid_for_lines(order: OrderInfo, line_ids) -> Decimal:
    """What the chosen lines were paid: their subtotals less their parts of the discount.

    An order made before the lines kept their parts (they sum to less than the order's
    discount) has its discount spread now, over all its lines as the parts would have been:
    the parts sum to the discount exactly, so refunding every line never gives back more."""
    lines = list(order.lines.all())
    chosen = set(line_ids)
    if len(chosen & {line.pk for line in lines}) != len(chosen):
        raise InvalidInput(_("所选商品不属于这个订单。"))
    if chosen & _lines_refunded(order):
        raise InvalidInput(_("所选商品中有已退款（或正在退款）的商品。"))
    parts = [line.discount for line in lines]
    if sum(parts, Decimal("0")) != order.discount:
        parts = spread(order.discount, [line.subtotal for line in lines])
    paid = [line.subtotal - part for line, part in zip(lines, parts, strict=True)]
    return sum((p for line, p in zip(lines, paid, strict=True) if line.pk in chosen), Decimal("0"))


def _amount_of(order: OrderInfo, amount, line_ids) -> Decimal:
    if line_ids:
        return _paid_for_lines(order, line_ids)
    if amount in (None, ""):
        raise InvalidInput(_("请选择要退款的商品或填写退款金额。"))
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        raise InvalidInput(_("退款金额无效。")) from None
    if not value.is_finite() or value <= 0 or value != value.quantize(CENT):
        raise InvalidInput(_("退款金额须大于 0，最多两位小数。"))
    return value


def refund_open(
    *, order: OrderInfo, amount: Decimal, reason: str, staff: User | None, line_ids=()
) -> OrderRefund:
    """Reserve ``amount`` of a locked ``order`` for a new refund, and queue the gateway call."""
    left = order.paid_amount - order.refunded_amount
    if amount > left:
        raise RefundTooLarge(
            _("退款金额超过了可退金额（剩 ¥%(left)s）。") % {"left": left}, left=str(left)
        )
    OrderInfo.objects.filter(pk=order.pk).update(
        refunded_amount=F("refunded_amount") + amount, updated_at=timezone.now()
    )
    order.refunded_amount += amount
    refund = OrderRefund.objects.create(
        refund_no=f"R{timezone.localtime():%Y%m%d%H%M%S}{secrets.token_hex(8)}",
        order=order,
        amount=amount,
        reason=reason,
        line_ids=sorted(set(line_ids or ())),
        created_by=staff,
    )
    task_after_commit("refund_execute_task", refund_no=refund.refund_no)
    return refund


def order_refund(
    *,
    order_id: str,
    staff: User,
    reason: str,
    amount: Decimal | str | None = None,
    line_ids: list[int] | None = None,
) -> OrderRefund:
    """Staff refund part or all of a paid order (chosen lines, or an amount up to what is left)."""
    if not staff.has_perm(REFUND_PERMISSION):
        raise RefundForbidden
    reason = _reason_clean(reason)
    with transaction.atomic():
        order = locks.order_locked(order_id=order_id)
        if order is None:
            raise OrderNotFound
        if order.status not in REFUNDABLE or order.paid_amount <= 0:
            raise OrderWrongStatus(_("该订单当前不能退款。"))
        value = _amount_of(order, amount, line_ids)
        return refund_open(
            order=order, amount=value, reason=reason, staff=staff, line_ids=line_ids or ()
        )


def refund_retry(*, refund_no: str, staff: User) -> OrderRefund:
    """Ask the gateway again for a refund it refused (its amount is reserved again)."""
    if not staff.has_perm(REFUND_PERMISSION):
        raise RefundForbidden
    with transaction.atomic():
        refund = OrderRefund.objects.filter(pk=refund_no).first()
        if refund is None:
            raise OrderNotFound(_("退款记录不存在。"))
        order = locks.order_locked(order_id=refund.order_id)
        refund.refresh_from_db()
        if refund.status != RefundStatus.FAILED:
            raise OrderWrongStatus(_("只有失败的退款可以重试。"))
        if refund.amount > order.paid_amount - order.refunded_amount:
            raise RefundTooLarge
        OrderInfo.objects.filter(pk=order.pk).update(
            refunded_amount=F("refunded_amount") + refund.amount
        )
        refund.status = RefundStatus.PENDING
        refund.save(update_fields=["status"])
        task_after_commit("refund_execute_task", refund_no=refund.refund_no)
    return refund


def _refund_finish(*, refund: OrderRefund, succeeded: bool, answer: str) -> None:
    with transaction.atomic():
        order = locks.order_locked(order_id=refund.order_id)
        moved = OrderRefund.objects.filter(pk=refund.pk, status=RefundStatus.PENDING).update(
            status=RefundStatus.SUCCEEDED if succeeded else RefundStatus.FAILED,
            gateway_answer=answer[:256],
            finished_at=timezone.now(),
        )
        if not moved:
            return  # another run of the task finished it first
        if not succeeded:
            # the reserved amount is free again; staff see the failed refund and may retry it
            order.refunded_amount -= refund.amount
            order.save(update_fields=["refunded_amount", "updated_at"])
            return
        done = order.refunds.filter(status=RefundStatus.SUCCEEDED).aggregate(total=Sum("amount"))
        if done["total"] >= order.paid_amount:
            order.status = OrderStatus.REFUNDED
        elif order.status in PARTLY_REFUNDABLE_WHEN_DONE:
            order.status = OrderStatus.PARTLY_REFUNDED
        # otherwise the order keeps its place in delivery (paid, shipped, to comment): a claim
        # refunded on the way must not stop it from being shipped, received or commented on
        order.save(update_fields=["status", "updated_at"])
        task_after_commit(
            "order_mail_task", order_id=order.pk, kind="refunded", refund_no=refund.pk
        )


def refund_execute(*, refund_no: str) -> str:
    """Carry out a pending refund at the gateway; returns the refund's status.

    A gateway that cannot be reached raises ``GatewayError`` (the task tries again); a definite
    refusal marks the refund failed and frees its amount.
    """
    refund = OrderRefund.objects.select_related("order").filter(pk=refund_no).first()
    if refund is None or refund.status != RefundStatus.PENDING:
        return refund.status if refund else "missing"
    order = refund.order
    gateway = gateway_for(order.pay_method)
    # one call at a time: a refusal from one run must never overtake another run's success
    running = store_redis().set(f"refund_running:{refund_no}", 1, nx=True, ex=RUNNING_SECONDS)
    if not running:
        return "running"
    try:
        answer = gateway.trade_refund(
            out_trade_no=order.order_id,
            refund_no=refund.refund_no,
            amount=refund.amount,
            reason=refund.reason,
        )
    except GatewayRefused as error:
        logger.warning("refund %s of order %s refused: %s", refund_no, order.pk, error)
        _refund_finish(refund=refund, succeeded=False, answer=str(error))
        return RefundStatus.FAILED
    else:
        _refund_finish(refund=refund, succeeded=True, answer=answer.message)
        return RefundStatus.SUCCEEDED
    finally:
        store_redis().delete(f"refund_running:{refund_no}")
