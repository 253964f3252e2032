"""Writes of the shop, one module per entity: ``cart``, ``checkout`` (placing an order),
``orders`` (writing one, its statuses), ``cancellation``, ``payments``, ``refunds``,
``mails`` and ``slots`` (delivery time slots). Views and tasks call them through here."""

from .cancellation import order_cancel, orders_cancel_unpaid
from .cart import cart_item_add, cart_item_delete, cart_item_update, cart_merge
from .checkout import checkout_token_issue, order_place
from .orders import (
    ORDER_SHIPPABLE,
    TRACKING_NO_PATTERN,
    order_comment,
    order_create,
    order_receive,
    order_ship,
)
from .payments import (
    NotificationRefused,
    order_pay_start,
    pay_methods_available,
    payment_notification_apply,
    payment_query,
    payment_query_for_return_page,
    payment_record,
    payments_reconcile,
    trade_close,
)
from .refunds import order_refund, refund_execute, refund_retry
from .slots import delivery_slots_ensure

__all__ = [
    "ORDER_SHIPPABLE",
    "TRACKING_NO_PATTERN",
    "NotificationRefused",
    "cart_item_add",
    "cart_item_delete",
    "cart_item_update",
    "cart_merge",
    "checkout_token_issue",
    "delivery_slots_ensure",
    "order_cancel",
    "order_comment",
    "order_create",
    "order_pay_start",
    "order_place",
    "order_receive",
    "order_refund",
    "order_ship",
    "orders_cancel_unpaid",
    "pay_methods_available",
    "payment_notification_apply",
    "payment_query",
    "payment_query_for_return_page",
    "payment_record",
    "payments_reconcile",
    "refund_execute",
    "refund_retry",
    "trade_close",
]
