"""Orders: writing one (stock and lines in one transaction) and moving it through its statuses."""

from __future__ import annotations

import re
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Address, User
from catalog.models import GoodsSKU
from catalog.pricing import skus_priced
from freshsite.errors import InvalidInput
from marketing.exceptions import CouponUnavailable
from marketing.selectors import PricedLine, coupon_by_code, coupon_refusal
from marketing.services import coupon_redemption_record

from .. import locks
from ..exceptions import CommentMissing, OrderNotFound, OrderWrongStatus, PriceChanged
from ..models import SKU_SNAPSHOT_FIELDS, Courier, OrderGoods, OrderInfo, OrderStatus, PayMethod
from ..pricing import OrderPricing, order_pricing, priced_lines
from ..signals import goods_commented
from .after_commit import task_after_commit
from .slots import delivery_slot_take

ORDER_SHIPPABLE = (OrderStatus.PAID, OrderStatus.CASH_ON_DELIVERY)
COMMENT_MAX_LENGTH = OrderGoods._meta.get_field("comment").max_length
# letters, digits and hyphens, as couriers print them (SF1234567890, JDVA00012345678-1-1)
TRACKING_NO_PATTERN = re.compile(r"\A[A-Za-z0-9-]{1,32}\Z")


def _new_order_id() -> str:
    # time + randomness: sortable by time, unique in practice, not guessable, and it tells
    # nothing of who ordered or how many orders they have
    return f"{timezone.localtime():%Y%m%d%H%M%S}{secrets.randbelow(10**12):012d}"


def _order_lines(skus, counts: dict[int, int], pricing: OrderPricing) -> list[OrderGoods]:
    """The order's lines at their SKUs' current prices (priced in bulk by the caller): a line
    keeps the price it was sold at, sale price included, after the sale ends, and its part of
    the order's discount (what a refund of it keeps back)."""
    skus = sorted(skus, key=lambda sku: sku.pk)  # the order of the pricing's lines
    return [
        OrderGoods(
            sku_id=sku.pk,
            name=sku.name,
            unit=sku.unit,
            price=sku.current_price,
            count=counts[sku.pk],
            image_id=sku.image_id,
            discount=discount,
        )
        for sku, discount in zip(skus, pricing.line_discounts, strict=True)
    ]


def _prices_check(skus, prices_confirmed: dict[int, Decimal]) -> None:
    changed = [sku for sku in skus if prices_confirmed.get(sku.pk) != sku.current_price]
    if changed:
        raise PriceChanged(sku_ids=sorted(sku.pk for sku in changed))


def _amount_due_check(pricing: OrderPricing, amount_due_confirmed: Decimal | None) -> None:
    # a 满减 or coupon window, or the freight, may have changed since the page was shown
    if amount_due_confirmed is not None and amount_due_confirmed != pricing.amount_due:
        raise PriceChanged(
            _("订单金额有变动（优惠或运费有变化），请刷新确认页查看新金额后再提交。"),
            amount_due=f"{pricing.amount_due:.2f}",
        )


def _order_priced(*, user: User, lines: list[PricedLine], coupon_code: str) -> OrderPricing:
    """The order's price, with the chosen coupon locked (its row stays locked until the commit).

    A coupon that cannot be used now is ``CouponUnavailable`` and the order is not placed; a
    coupon the 满减 beats (and does not stack with) is simply not used."""
    coupon = None
    if coupon_code:
        found = coupon_by_code(coupon_code)
        coupon = locks.coupon_locked(coupon_id=found.pk) if found else None
        if coupon is None:
            raise CouponUnavailable(_("没有这张优惠券。"))
        refusal = coupon_refusal(coupon, user_id=user.pk, lines=lines)
        if refusal:
            raise CouponUnavailable(refusal)
    return order_pricing(lines, user_id=user.pk, coupon=coupon)


def _coupon_redeem(*, pricing: OrderPricing, user: User, order_id: str) -> None:
    coupon = pricing.discount.coupon
    if coupon is None:
        return
    # what the coupon saved, after a stacked 满减 (the whole never exceeds the goods)
    amount = pricing.coupon_saved
    coupon_redemption_record(coupon=coupon, user=user, order_id=order_id, amount=amount)


def _order_fields(*, user: User, address: Address, pay_method: str, pricing: OrderPricing):
    coupon = pricing.discount.coupon
    return {
        "order_id": _new_order_id(),
        "user": user,
        "address": address,
        "receiver": address.receiver,
        "receiver_address": address.full_text(),
        "receiver_zip_code": address.zip_code,
        "receiver_phone": address.phone,
        "pay_method": pay_method,
        "total_price": pricing.total_price,
        "discount": pricing.discount_amount,
        "discount_label": pricing.discount_label,
        "coupon_code": coupon.code if coupon is not None else "",
        "freight": pricing.freight,
        "status": OrderStatus.CASH_ON_DELIVERY
        if pay_method == PayMethod.CASH_ON_DELIVERY
        else OrderStatus.UNPAID,
    }


def order_create(
    *,
    user: User,
    address: Address,
    pay_method: str,
    counts: dict[int, int],
    coupon_code: str = "",
    prices_confirmed: dict[int, Decimal] | None = None,
    amount_due_confirmed: Decimal | None = None,
    slot_id: int | None = None,
) -> OrderInfo:
    """Take the stock, redeem the coupon and write the order with its lines: one transaction,
    whole or not at all. The goods are priced inside it, at this moment's (sale) prices, which
    must be the ``prices_confirmed`` on the confirmation page when given, and the amount due
    its ``amount_due_confirmed`` (discounts and freight included) when given (``PriceChanged``).
    ``slot_id``: the delivery slot chosen, one place of which is taken here (``services.slots``).

    Durable: nothing outside may hold it open, so the order is committed when this returns.
    """
    strategy = locks.stock_strategy()
    with transaction.atomic(durable=True):
        # the pessimistic strategy returns the rows it read under its lock; the others take
        # stock last, so the lines' snapshot is read here
        skus = strategy.take(counts) if strategy.locks_first else None
        if skus is None:
            skus = GoodsSKU.objects.filter(pk__in=counts).only(*SKU_SNAPSHOT_FIELDS)
        skus = skus_priced(list(skus))
        if prices_confirmed is not None:
            _prices_check(skus, prices_confirmed)
        pricing = _order_priced(
            user=user, lines=priced_lines(skus, counts), coupon_code=coupon_code
        )
        _amount_due_check(pricing, amount_due_confirmed)
        # before the order's row, whose foreign key would share-lock the slot's row first
        slot = delivery_slot_take(slot_id=slot_id)
        order = OrderInfo.objects.create(
            total_count=sum(counts.values()),
            delivery_slot=slot,
            delivery_slot_text=slot.label if slot is not None else "",
            **_order_fields(user=user, address=address, pay_method=pay_method, pricing=pricing),
        )
        _coupon_redeem(pricing=pricing, user=user, order_id=order.order_id)
        lines = _order_lines(skus, counts, pricing)
        for line in lines:
            line.order = order
        OrderGoods.objects.bulk_create(lines)
        if not strategy.locks_first:
            strategy.take(counts)  # last, just before the commit
    return order


def _order_status_move(
    *, order_id: str, user: User | None, from_statuses, to: OrderStatus, **fields
) -> None:
    """One conditional UPDATE (with ``fields`` set alongside the status): of two clicks (two
    tabs, two staff) exactly one moves it."""
    orders = OrderInfo.objects.filter(pk=order_id)
    if user is not None:
        orders = orders.filter(user=user)
    moved = orders.filter(status__in=from_statuses).update(
        status=to, updated_at=timezone.now(), **fields
    )
    if moved:
        return
    if not orders.exists():
        raise OrderNotFound
    raise OrderWrongStatus


def _tracking_checked(courier: str, tracking_no: str) -> tuple[str, str]:
    courier, tracking_no = (courier or "").strip(), (tracking_no or "").strip()
    if courier and courier not in Courier.values:
        raise InvalidInput(_("请选择快递公司。"))
    if tracking_no and not TRACKING_NO_PATTERN.fullmatch(tracking_no):
        raise InvalidInput(_("快递单号只能包含字母、数字和连字符，最多 32 位。"))
    return courier, tracking_no


def order_ship(*, order_id: str, courier: str = "", tracking_no: str = "") -> None:
    """Staff: a paid (or cash-on-delivery) order has left the warehouse with ``courier`` under
    ``tracking_no`` (recorded in the status's UPDATE); the shopper is told."""
    courier, tracking_no = _tracking_checked(courier, tracking_no)
    with transaction.atomic():
        _order_status_move(
            order_id=order_id,
            user=None,
            from_statuses=ORDER_SHIPPABLE,
            to=OrderStatus.SHIPPED,
            courier=courier,
            tracking_no=tracking_no,
            shipped_at=timezone.now(),
        )
        task_after_commit("order_mail_task", order_id=order_id, kind="shipped")


def order_receive(*, user: User, order_id: str) -> None:
    """The shopper confirms the goods arrived; the order then waits for their comments."""
    _order_status_move(
        order_id=order_id,
        user=user,
        from_statuses=(OrderStatus.SHIPPED,),
        to=OrderStatus.UNCOMMENTED,
    )


def order_comment(*, user: User, order_id: str, comments: dict[int, str]) -> OrderInfo:
    """Save the shopper's comment on each line (``{line id: text}``); the order is finished."""
    texts = {line_id: text.strip() for line_id, text in comments.items()}
    if not any(texts.values()):
        raise CommentMissing
    if any(len(text) > COMMENT_MAX_LENGTH for text in texts.values()):
        raise InvalidInput(_("每条评价最多 %(count)s 字。") % {"count": COMMENT_MAX_LENGTH})
    with transaction.atomic():
        order = OrderInfo.objects.select_for_update().filter(pk=order_id, user=user).first()
        if order is None:
            raise OrderNotFound
        if order.status != OrderStatus.UNCOMMENTED:
            raise OrderWrongStatus
        lines = list(order.lines.all())
        for line in lines:
            line.comment = texts.get(line.pk, "")
        OrderGoods.objects.bulk_update(lines, ["comment"])
        order.status = OrderStatus.FINISHED
        order.save(update_fields=["status", "updated_at"])
        sku_ids = [line.sku_id for line in lines if line.comment and line.sku_id]
        transaction.on_commit(lambda: goods_commented.send(sender=OrderGoods, sku_ids=sku_ids))
    return order
