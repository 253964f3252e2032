"""Cancelling orders and the refunds' limit: stock comes back exactly once, of a cancel and a
payment arriving together exactly one wins, and refunds never pass what was paid (threads, in
committed transactions; on MariaDB in .ci/run)."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from accounts.tests.factories import UserFactory
from catalog.models import GoodsSKU
from catalog.tests.factories import SKUFactory
from freshsite.errors import InvalidInput
from shop.exceptions import RefundForbidden, RefundTooLarge
from shop.models import OrderInfo, OrderRefund, OrderStatus
from shop.services import (
    order_cancel,
    order_refund,
    order_ship,
    orders_cancel_unpaid,
    payment_record,
)

from .factories import order_committed, shopper_with_cart
from .test_contention import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def placed_order(pay_method="cod", *, count=2, stock=10):
    sku = SKUFactory(stock=stock, price=Decimal("15.00"))
    user, address = shopper_with_cart({sku: count})
    client = Client()
    client.force_login(user)
    order_id = order_committed(client, address=address, skus=[sku], pay_method=pay_method)
    return client, OrderInfo.objects.get(pk=order_id), sku


def stock_and_sales(sku):
    return tuple(GoodsSKU.objects.filter(pk=sku.pk).values_list("stock", "sales").get())


def refund_staff():
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="refund_orderinfo"))
    return type(staff).objects.get(pk=staff.pk)  # permissions are cached per instance


def test_the_shopper_cancels_and_the_stock_comes_back_once():
    client, order, sku = placed_order("cod")
    assert stock_and_sales(sku) == (8, 2)
    answer = client.post(f"/orders/{order.pk}/cancel/")
    assert answer.status_code == 200 and answer.json() == {"ok": True, "status": "cancelled"}
    assert stock_and_sales(sku) == (10, 0)
    again = client.post(f"/orders/{order.pk}/cancel/")
    assert again.status_code == 409 and again.json()["error"] == "order_wrong_status"
    assert stock_and_sales(sku) == (10, 0)
    assert client.get(f"/orders/{order.pk}/status/").json()["status"] == "cancelled"
    assert "已取消" in client.get("/accounts/orders/").content.decode()


def test_cancel_is_refused_once_shipped_and_for_anyone_else():
    client, order, sku = placed_order("cod")
    order_ship(order_id=order.pk)
    shipped = client.post(f"/orders/{order.pk}/cancel/")
    assert shipped.status_code == 409 and shipped.json()["error"] == "order_wrong_status"
    assert Client().post(f"/orders/{order.pk}/cancel/").status_code == 401
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.post(f"/orders/{order.pk}/cancel/").json()["error"] == "order_not_found"
    assert client.get(f"/orders/{order.pk}/cancel/").status_code == 405
    assert stock_and_sales(sku) == (8, 2)


def test_two_cancels_at_once_give_the_stock_back_once():
    client, order, sku = placed_order("cod", count=3)
    results = run_together([lambda: order_cancel(order_id=order.pk, user=order.user)] * 4)
    assert sum(isinstance(result, OrderInfo) for result in results) == 1
    assert stock_and_sales(sku) == (10, 0)


@pytest.mark.parametrize("attempt", range(3))
def test_the_timeout_and_a_payment_at_once_exactly_one_wins(attempt):
    client, order, sku = placed_order("sandbox")
    amount = order.amount_due
    run_together(
        [
            lambda: orders_cancel_unpaid(older_than_minutes=0),
            lambda: payment_record(order_id=order.pk, trade_no="T1", amount=amount),
        ]
    )
    order.refresh_from_db()
    refunds = list(OrderRefund.objects.filter(order=order))
    if order.status == OrderStatus.PAID:  # the payment won: nothing cancelled, nothing refunded
        assert refunds == [] and stock_and_sales(sku) == (8, 2)
    else:  # the timeout won: the stock is back and the late payment is refunded in full
        assert order.status == OrderStatus.REFUNDING and stock_and_sales(sku) == (10, 0)
        assert [refund.amount for refund in refunds] == [amount]
        assert order.trade_no == "T1" and order.refunded_amount == order.paid_amount == amount
    # the same payment told again changes nothing
    assert payment_record(order_id=order.pk, trade_no="T1", amount=amount) == "already"
    assert OrderRefund.objects.filter(order=order).count() == len(refunds)


def test_two_staff_refunding_at_once_never_pass_what_was_paid():
    client, order, sku = placed_order("sandbox")
    payment_record(order_id=order.pk, trade_no="T2", amount=order.amount_due)  # 40.00
    staff = [refund_staff(), refund_staff()]
    results = run_together(
        [
            lambda who=who: order_refund(
                order_id=order.pk, staff=who, reason="坏果", amount=Decimal("30.00")
            )
            for who in staff
        ]
    )
    assert sorted(type(result).__name__ for result in results) == ["OrderRefund", "RefundTooLarge"]
    order.refresh_from_db()
    assert order.refunded_amount == Decimal("30.00")
    with pytest.raises(RefundTooLarge):
        order_refund(order_id=order.pk, staff=staff[0], reason="坏果", amount="10.01")
    order_refund(order_id=order.pk, staff=staff[0], reason="坏果", amount="10.00")
    order.refresh_from_db()
    assert order.refunded_amount == order.paid_amount


def test_only_staff_with_the_refund_permission_refund():
    client, order, sku = placed_order("sandbox")
    payment_record(order_id=order.pk, trade_no="T3", amount=order.amount_due)
    with pytest.raises(RefundForbidden):
        order_refund(order_id=order.pk, staff=UserFactory(is_staff=True), reason="x", amount="1")
    assert not OrderRefund.objects.exists()


def test_staff_cancel_a_paid_order_and_it_is_refunded_in_full():
    client, order, sku = placed_order("sandbox")
    payment_record(order_id=order.pk, trade_no="T4", amount=order.amount_due)
    order_cancel(order_id=order.pk, staff=refund_staff(), reason="缺货")
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDING and order.cancel_reason == "缺货"
    assert [r.amount for r in order.refunds.all()] == [order.amount_due]
    assert stock_and_sales(sku) == (10, 0)


def test_a_line_refunded_once_is_not_refunded_again():
    client, order, sku = placed_order("sandbox")
    payment_record(order_id=order.pk, trade_no="T5", amount=order.amount_due)
    line = order.lines.get()
    staff = refund_staff()
    refund = order_refund(order_id=order.pk, staff=staff, reason="坏果", line_ids=[line.pk])
    assert refund.amount == line.subtotal
    with pytest.raises(InvalidInput):
        order_refund(order_id=order.pk, staff=staff, reason="又坏了", line_ids=[line.pk])


def test_a_refund_being_carried_out_is_not_asked_of_the_gateway_twice(redis_flushed):
    """A retry and a re-queued run at once: one calls the gateway, the other steps aside, so a
    refusal of one can never overtake the other's success."""
    from shop.models import RefundStatus
    from shop.services import refund_execute

    client, order, sku = placed_order("sandbox")
    payment_record(order_id=order.pk, trade_no="T6", amount=order.amount_due)
    refund = order_refund(order_id=order.pk, staff=refund_staff(), reason="坏果", amount="3.00")
    redis_flushed.set(f"refund_running:{refund.pk}", 1)
    assert refund_execute(refund_no=refund.pk) == "running"
    refund.refresh_from_db()
    assert refund.status == RefundStatus.PENDING
