"""Writes of the shop, one module per entity: ``cart``, ``checkout`` (placing an order),
``orders`` (writing one, its statuses), ``payments``. Views and tasks call them through here."""

from .cart import cart_item_add, cart_item_delete, cart_item_update, cart_merge
from .checkout import checkout_token_issue, order_place
from .orders import (
    ORDER_SHIPPABLE,
    order_comment,
    order_create,
    order_receive,
    order_ship,
    orders_cancel_unpaid,
)
from .payments import order_mark_paid, order_pay_start, pay_methods_available

__all__ = [
    "ORDER_SHIPPABLE",
    "cart_item_add",
    "cart_item_delete",
    "cart_item_update",
    "cart_merge",
    "checkout_token_issue",
    "order_comment",
    "order_create",
    "order_mark_paid",
    "order_pay_start",
    "order_place",
    "order_receive",
    "order_ship",
    "orders_cancel_unpaid",
    "pay_methods_available",
]
