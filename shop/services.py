"""Writes of the shop: the cart, placing orders, paying for them."""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Address, User
from accounts.selectors import address_get
from catalog.models import GoodsSKU
from freshsite.store import store_redis

from . import locks, redis_cart
from .exceptions import (
    AddressNotFound,
    CartChanged,
    CheckoutExpired,
    CommentMissing,
    DuplicateSubmission,
    InsufficientStock,
    InvalidInput,
    NotInCart,
    OrderNotFound,
    OrderNotPayable,
    OrderWrongStatus,
    PaymentUnavailable,
    SKUNotFound,
    StockContention,
)
from .models import OrderGoods, OrderInfo, OrderStatus, PayMethod

logger = logging.getLogger(__name__)

CHECKOUT_TOKEN_SECONDS = 3600
CLAIM_PENDING_SECONDS = 30
OPTIMISTIC_MAX_ATTEMPTS = 10
TRANSIENT_LOCK_ERRORS = {1205, 1213}  # MySQL/MariaDB: lock wait timeout, deadlock


# --- Cart ------------------------------------------------------------------------------------
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


# --- Checkout --------------------------------------------------------------------------------
def checkout_token_issue(*, user_id: int, counts: dict[int, int]) -> str:
    """The one-time key a confirmation page carries, so a double submit makes one order.

    It remembers the counts the page showed: an order is placed only for what the shopper
    confirmed.
    """
    token = secrets.token_urlsafe(16)
    value = json.dumps({"user": user_id, "counts": {str(k): v for k, v in counts.items()}})
    store_redis().set(f"checkout:{token}", value, ex=CHECKOUT_TOKEN_SECONDS)
    return token


@dataclass
class StockStats:
    """What placing an order cost; the benchmark adds these up."""

    attempts: int = 0
    retries: int = 0
    transaction_retries: int = 0


# what an order line records of its SKU as it was when bought
_SNAPSHOT_FIELDS = ("name", "unit", "price", "image_id")


@dataclass
class _Wanted:
    counts: dict[int, int]
    stats: StockStats = field(default_factory=StockStats)
    # the rows as read under the lock (pessimistic): the order's snapshot needs no second read
    locked: list[GoodsSKU] | None = None


def _take_pessimistic(wanted: _Wanted) -> None:
    locked = locks.skus_locked_for_order(
        wanted.counts, fields=(*_SNAPSHOT_FIELDS, "stock", "is_on_sale")
    )
    skus = {sku.pk: sku for sku in locked}
    wanted.locked = list(skus.values())
    wanted.stats.attempts += 1
    for sku_id, count in sorted(wanted.counts.items()):
        sku = skus.get(sku_id)
        if sku is None or not sku.is_on_sale:
            raise _off_shelf(sku, sku_id)
        if sku.stock < count:
            raise _short(sku)
        locks.stock_take(sku_id=sku_id, count=count)


def _off_shelf(sku: GoodsSKU | None, sku_id: int) -> SKUNotFound:
    name = sku.name if sku else str(sku_id)
    return SKUNotFound(_("商品已下架：%(name)s") % {"name": name}, sku_id=sku_id)


def _short(sku: GoodsSKU) -> InsufficientStock:
    return InsufficientStock(
        _("%(name)s 库存不足（剩 %(stock)s 件）。") % {"name": sku.name, "stock": sku.stock},
        sku_id=sku.pk,
        stock=sku.stock,
    )


def _why_not_taken(sku_id: int) -> Exception:
    sku = GoodsSKU.objects.filter(pk=sku_id).only("name", "stock", "is_on_sale").first()
    if sku is None or not sku.is_on_sale:
        return _off_shelf(sku, sku_id)
    return _short(sku)


def _take_optimistic(wanted: _Wanted) -> None:
    for sku_id, count in sorted(wanted.counts.items()):
        for _attempt in range(OPTIMISTIC_MAX_ATTEMPTS):
            wanted.stats.attempts += 1
            seen = (
                GoodsSKU.objects.filter(pk=sku_id, is_on_sale=True)
                .values_list("stock", flat=True)
                .first()
            )
            if seen is None or seen < count:
                raise _why_not_taken(sku_id)
            if locks.stock_take_if_unchanged(sku_id=sku_id, seen_stock=seen, count=count):
                break
            wanted.stats.retries += 1
        else:
            raise StockContention(sku_id=sku_id)


def _take_conditional(wanted: _Wanted) -> None:
    for sku_id, count in sorted(wanted.counts.items()):
        wanted.stats.attempts += 1
        if not locks.stock_take_if_enough(sku_id=sku_id, count=count):
            raise _why_not_taken(sku_id)


STOCK_STRATEGIES: dict[str, Callable[[_Wanted], None]] = {
    "pessimistic": _take_pessimistic,
    "optimistic": _take_optimistic,
    "conditional": _take_conditional,
}


def _new_order_id(user_id: int) -> str:
    # time + user + randomness: sortable, unique in practice, and not guessable
    return f"{timezone.localtime():%Y%m%d%H%M%S}{user_id:09d}{secrets.randbelow(10**6):06d}"


def _is_transient(error: Exception) -> bool:
    if isinstance(error, IntegrityError):
        return "order_id" in str(error) or "PRIMARY" in str(error)
    code = error.args[0] if error.args else None
    return code in TRANSIENT_LOCK_ERRORS or "database is locked" in str(error)


def _place(
    *,
    user: User,
    address: Address,
    pay_method: str,
    counts: dict[int, int],
    strategy: str,
    stats: StockStats,
) -> OrderInfo:
    wanted = _Wanted(counts=counts, stats=stats)
    take_stock = STOCK_STRATEGIES[strategy]
    with transaction.atomic():
        if strategy == "pessimistic":
            take_stock(wanted)  # locks first: the rows stay locked until commit
        skus = wanted.locked
        if skus is None:
            skus = GoodsSKU.objects.filter(pk__in=counts).only(*_SNAPSHOT_FIELDS)
        lines = [
            OrderGoods(
                sku_id=sku.pk,
                name=sku.name,
                unit=sku.unit,
                price=sku.price,
                count=counts[sku.pk],
                image_id=sku.image_id,
            )
            for sku in sorted(skus, key=lambda sku: sku.pk)
        ]
        order = OrderInfo.objects.create(
            order_id=_new_order_id(user.pk),
            user=user,
            address=address,
            receiver=address.receiver,
            receiver_address=address.address,
            receiver_zip_code=address.zip_code,
            receiver_phone=address.phone,
            pay_method=pay_method,
            total_count=sum(counts.values()),
            total_price=sum((line.price * line.count for line in lines), Decimal("0")),
            freight=Decimal(settings.ORDER_FREIGHT),
            status=OrderStatus.CASH_ON_DELIVERY
            if pay_method == PayMethod.CASH_ON_DELIVERY
            else OrderStatus.UNPAID,
        )
        for line in lines:
            line.order = order
        OrderGoods.objects.bulk_create(lines)
        if strategy != "pessimistic":
            # Last, just before the commit: the hot SKU rows are locked for the shortest time.
            take_stock(wanted)
    return order


def _place_retrying(*, stats: StockStats, **order_fields) -> OrderInfo:
    """``_place``, tried again when the database rolled it back for a reason that passes."""
    attempt = 1
    while True:
        try:
            return _place(stats=stats, **order_fields)
        except (OperationalError, IntegrityError) as error:
            # A deadlock, a lock timeout or (one in a million) an order id taken in the
            # same second rolled the whole order back: try it again.
            if not _is_transient(error) or attempt == 3:
                raise
            stats.transaction_retries += 1
            time.sleep(0.01 * attempt)
            attempt += 1


def _checkout_claim(
    *, redis, user: User, token: str
) -> tuple[dict[int, int], str, OrderInfo | None]:
    """Claim the confirmation ``token`` for one order attempt.

    Returns the counts the page showed, the claim's key, and the order already placed with
    this token (then nothing is to be placed again). A missing, unknown, expired or foreign
    token is ``CheckoutExpired``; a token whose order is being placed right now is
    ``DuplicateSubmission``.
    """
    issued = redis.get(f"checkout:{token}") if token else None
    issued = json.loads(issued) if issued else None
    if issued is None or issued["user"] != user.pk:
        raise CheckoutExpired
    confirmed = {int(k): v for k, v in issued["counts"].items()}
    claim_key = f"checkout_claim:{token}"
    # "pending" expires soon: a worker that died mid-order must not lock the page for long
    if redis.set(claim_key, "pending", nx=True, ex=CLAIM_PENDING_SECONDS):
        return confirmed, claim_key, None
    claimed = redis.get(claim_key)
    if claimed and claimed != b"pending":
        return confirmed, claim_key, OrderInfo.objects.get(pk=claimed.decode(), user=user)
    raise DuplicateSubmission


def order_place(
    *,
    user: User,
    address_id: int,
    pay_method: str,
    sku_ids: list[int],
    checkout_token: str,
    strategy: str | None = None,
    stats: StockStats | None = None,
) -> OrderInfo:
    """Place one order for the chosen cart lines, whole or not at all.

    Stock is taken, the order and its lines are written, in one transaction; on success the
    lines leave the cart once it has committed. ``checkout_token`` (the confirmation page's
    one-time key, ``checkout_token_issue``) is required: however often and however
    concurrently a confirmation is submitted, it gives one order.
    """
    strategy = strategy or settings.ORDER_STOCK_STRATEGY
    stats = stats or StockStats()
    if pay_method not in PayMethod.values:
        raise InvalidInput(_("请选择支付方式。"))
    if pay_method not in pay_methods_available():
        raise PaymentUnavailable
    if not sku_ids:
        raise InvalidInput(_("请选择要结算的商品。"))
    try:
        address = address_get(user=user, address_id=address_id)
    except Address.DoesNotExist:
        raise AddressNotFound from None

    redis = store_redis()
    confirmed, claim_key, placed = _checkout_claim(redis=redis, user=user, token=checkout_token)
    if placed is not None:
        return placed  # submitted again after it went through: the same order, not a second

    cart_key = redis_cart.user_cart_key(user.pk)
    try:
        counts = redis_cart.counts_of(cart_key, sorted(set(sku_ids)))
        missing = set(sku_ids) - set(counts)
        if missing:
            raise InvalidInput(_("购物车中没有这些商品：请刷新购物车。"), sku_ids=sorted(missing))
        if confirmed != counts:
            raise CartChanged
        order = _place_retrying(
            user=user,
            address=address,
            pay_method=pay_method,
            counts=counts,
            strategy=strategy,
            stats=stats,
        )
    except Exception:
        redis.delete(claim_key)  # nothing was written: the shopper may try again
        raise

    redis.set(claim_key, order.order_id, ex=CHECKOUT_TOKEN_SECONDS)

    def after_commit() -> None:
        # only what was ordered: a count raised in another tab meanwhile stays in the cart
        redis_cart.subtract_ordered(key=cart_key, counts=counts)

    transaction.on_commit(after_commit)
    return order


# --- Payment ---------------------------------------------------------------------------------
def pay_methods_available() -> set[str]:
    """Cash on delivery always; the sandbox gateway where enabled; Alipay is not set up."""
    methods = {PayMethod.CASH_ON_DELIVERY.value}
    if settings.SANDBOX_PAYMENT_ENABLED:
        methods.add(PayMethod.SANDBOX.value)
    return methods


def order_pay_start(*, user: User, order_id: str) -> str:
    """Where to send the shopper to pay: the gateway's payment page."""
    from django.urls import reverse

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


# --- After payment: shipping, receipt, comments ---------------------------------------------
ORDER_SHIPPABLE = (OrderStatus.PAID, OrderStatus.CASH_ON_DELIVERY)
COMMENT_MAX_LENGTH = OrderGoods._meta.get_field("comment").max_length


def _order_status_move(*, order_id: str, user: User | None, from_statuses, to: OrderStatus) -> None:
    """One conditional UPDATE: of two clicks (two tabs, two staff) exactly one moves it."""
    orders = OrderInfo.objects.filter(pk=order_id)
    if user is not None:
        orders = orders.filter(user=user)
    if orders.filter(status__in=from_statuses).update(status=to, updated_at=timezone.now()):
        return
    if not orders.exists():
        raise OrderNotFound
    raise OrderWrongStatus


def order_ship(*, order_id: str) -> None:
    """Staff: a paid (or cash-on-delivery) order has left the warehouse."""
    _order_status_move(
        order_id=order_id, user=None, from_statuses=ORDER_SHIPPABLE, to=OrderStatus.SHIPPED
    )


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
    return order


def orders_cancel_unpaid(*, older_than_minutes: int) -> int:
    """Cancel online-payment orders left unpaid too long and give their stock back."""
    cutoff = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    cancelled = 0
    stale = OrderInfo.objects.filter(status=OrderStatus.UNPAID, created_at__lt=cutoff)
    for order_id in stale.values_list("pk", flat=True)[:500]:
        with transaction.atomic():
            # Conditional: a payment that lands at the same moment wins, and nothing changes.
            if not OrderInfo.objects.filter(pk=order_id, status=OrderStatus.UNPAID).update(
                status=OrderStatus.CANCELLED
            ):
                continue
            lines = sorted(
                OrderGoods.objects.filter(order_id=order_id, sku_id__isnull=False).values_list(
                    "sku_id", "count"
                )
            )
            for sku_id, count in lines:  # in SKU-id order, like every order
                locks.stock_give_back(sku_id=sku_id, count=count)
            sku_ids = [sku_id for sku_id, _count in lines]
            transaction.on_commit(lambda ids=sku_ids: redis_cart.stock_mirror_forget(ids))
        cancelled += 1
    return cancelled
