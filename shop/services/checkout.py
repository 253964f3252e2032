"""Checkout: the confirmation page's one-time key, and placing the order it confirms.

Placing is three plain pieces, as in oscar's ``OrderCreator``: claim the key (``checkout_claim``),
write the order in one durable transaction (``orders.order_create``), and ``order_place``, which
checks the input, runs the two and cleans up after them.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import gettext as _

from accounts.models import Address, User
from accounts.selectors import address_get
from freshsite.errors import InvalidInput
from freshsite.store import store_redis

from .. import redis_cart
from ..exceptions import (
    AddressNotFound,
    CartChanged,
    CheckoutExpired,
    DuplicateSubmission,
    PaymentUnavailable,
)
from ..models import OrderInfo, PayMethod
from .orders import order_create
from .payments import pay_methods_available

logger = logging.getLogger(__name__)

CHECKOUT_TOKEN_SECONDS = 3600
CLAIM_PENDING_SECONDS = 30
ORDER_ATTEMPTS = 3
TRANSIENT_LOCK_ERRORS = {1205, 1213}  # MySQL/MariaDB: lock wait timeout, deadlock


def checkout_token_issue(
    *, user_id: int, counts: dict[int, int], prices: dict[int, Decimal] | None = None
) -> str:
    """The one-time key a confirmation page carries, so a double submit makes one order.

    It remembers the counts the page showed, and the unit prices when given: an order is placed
    only for what the shopper confirmed, at the prices they saw (a sale that began or ended
    meanwhile sends them back to the confirmation page, ``PriceChanged``).
    """
    token = secrets.token_urlsafe(16)
    issued = {"user": user_id, "counts": {str(k): v for k, v in counts.items()}}
    if prices is not None:
        issued["prices"] = {str(k): str(price) for k, price in prices.items()}
    store_redis().set(f"checkout:{token}", json.dumps(issued), ex=CHECKOUT_TOKEN_SECONDS)
    return token


@dataclass(frozen=True)
class Confirmed:
    """What the confirmation page showed: counts, and unit prices (None: not recorded)."""

    counts: dict[int, int]
    prices: dict[int, Decimal] | None


def checkout_claim(*, redis, user: User, token: str) -> tuple[Confirmed, OrderInfo | None]:
    """Claim the confirmation ``token`` for one order attempt.

    Returns what the page showed and the order already placed with this token (then
    nothing is to be placed again). A missing, unknown, expired or foreign token is
    ``CheckoutExpired``; a token whose order is being placed right now is
    ``DuplicateSubmission``.
    """
    issued = redis.get(f"checkout:{token}") if token else None
    issued = json.loads(issued) if issued else None
    if issued is None or issued["user"] != user.pk:
        raise CheckoutExpired
    prices = issued.get("prices")
    confirmed = Confirmed(
        counts={int(k): v for k, v in issued["counts"].items()},
        prices={int(k): Decimal(v) for k, v in prices.items()} if prices is not None else None,
    )
    # "pending" expires soon: a worker that died mid-order must not lock the page for long
    if redis.set(_claim_key(token), "pending", nx=True, ex=CLAIM_PENDING_SECONDS):
        return confirmed, None
    claimed = redis.get(_claim_key(token))
    if claimed and claimed != b"pending":
        return confirmed, OrderInfo.objects.get(pk=claimed.decode(), user=user)
    raise DuplicateSubmission


def _claim_key(token: str) -> str:
    return f"checkout_claim:{token}"


def _is_transient(error: Exception) -> bool:
    if isinstance(error, IntegrityError):
        return "order_id" in str(error) or "PRIMARY" in str(error)
    code = error.args[0] if error.args else None
    return code in TRANSIENT_LOCK_ERRORS or "database is locked" in str(error)


def _order_create_retrying(**order_fields) -> OrderInfo:
    """``order_create``, tried again when the database rolled it back for a reason that passes:
    a deadlock, a lock timeout or (one in a million) an order id taken in the same second."""
    for attempt in range(1, ORDER_ATTEMPTS):
        try:
            return order_create(**order_fields)
        except (OperationalError, IntegrityError) as error:
            if not _is_transient(error):
                raise
            logger.info("order rolled back (%s): trying again, attempt %s", error, attempt + 1)
            time.sleep(0.01 * attempt)
    return order_create(**order_fields)  # the last attempt: its error reaches the caller


def _order_input_check(*, user: User, address_id: int, pay_method: str, sku_ids) -> Address:
    if pay_method not in PayMethod.values:
        raise InvalidInput(_("请选择支付方式。"))
    if pay_method not in pay_methods_available():
        raise PaymentUnavailable
    if not sku_ids:
        raise InvalidInput(_("请选择要结算的商品。"))
    try:
        return address_get(user=user, address_id=address_id)
    except Address.DoesNotExist:
        raise AddressNotFound from None


def _confirmed_counts(*, cart_key: str, sku_ids: list[int], confirmed: dict[int, int]):
    """The cart's counts of ``sku_ids``, which must be what the confirmation page showed."""
    counts = redis_cart.counts_of(cart_key, sorted(set(sku_ids)))
    missing = set(sku_ids) - set(counts)
    if missing:
        raise InvalidInput(_("购物车中没有这些商品：请刷新购物车。"), sku_ids=sorted(missing))
    if confirmed != counts:
        raise CartChanged
    return counts


def order_place(
    *,
    user: User,
    address_id: int,
    pay_method: str,
    sku_ids: list[int],
    checkout_token: str,
    coupon_code: str = "",
    amount_due: Decimal | None = None,
    slot_id: int | None = None,
) -> OrderInfo:
    """Place one order for the chosen cart lines, whole or not at all.

    ``checkout_token`` (the confirmation page's one-time key, ``checkout_token_issue``) is
    required: however often and however concurrently a confirmation is submitted, it gives one
    order. Once the order has committed its lines leave the cart. ``coupon_code``: the coupon
    the shopper chose (redeemed in the order's transaction, or the order is refused).
    ``amount_due``: what the page showed to pay; an order that would cost anything else now is
    refused (``PriceChanged``), so a discount that ended meanwhile is never charged silently.
    ``slot_id``: the delivery slot chosen (required while the shop offers slots).
    """
    address = _order_input_check(
        user=user, address_id=address_id, pay_method=pay_method, sku_ids=sku_ids
    )
    redis = store_redis()
    confirmed, placed = checkout_claim(redis=redis, user=user, token=checkout_token)
    if placed is not None:
        return placed  # submitted again after it went through: the same order, not a second
    cart_key = redis_cart.user_cart_key(user.pk)
    try:
        counts = _confirmed_counts(cart_key=cart_key, sku_ids=sku_ids, confirmed=confirmed.counts)
        order = _order_create_retrying(
            prices_confirmed=confirmed.prices,
            user=user,
            address=address,
            pay_method=pay_method,
            counts=counts,
            coupon_code=(coupon_code or "").strip().upper(),
            amount_due_confirmed=amount_due,
            slot_id=slot_id,
        )
    except Exception:
        redis.delete(_claim_key(checkout_token))  # nothing was written: they may try again
        raise
    redis.set(_claim_key(checkout_token), order.order_id, ex=CHECKOUT_TOKEN_SECONDS)
    # only what was ordered: a count raised in another tab meanwhile stays in the cart
    transaction.on_commit(lambda: redis_cart.subtract_ordered(key=cart_key, counts=counts))
    return order
