"""Edges found in review: JSON for every failure, payment switches, expiry of unpaid orders."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import UserFactory
from catalog.models import GoodsSKU
from catalog.tests.factories import SKUFactory
from shop.models import OrderInfo
from shop.services import orders_cancel_unpaid, payment_record

from .factories import order_committed, shopper_with_cart

pytestmark = pytest.mark.django_db


def test_update_never_adds_a_line_the_cart_does_not_hold(client):
    client.force_login(UserFactory())
    sku = SKUFactory()
    response = client.post("/cart/update/", {"sku_id": sku.pk, "count": 2})
    assert response.status_code == 404 and response.json()["error"] == "not_in_cart"


def test_wrong_method_and_csrf_failures_answer_in_json():
    user = UserFactory()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    wrong = strict.get("/cart/add/")
    assert wrong.status_code == 405 and wrong.json()["error"] == "method_not_allowed"
    forged = strict.post("/cart/add/", {"sku_id": 1, "count": 1})
    assert forged.status_code == 403 and forged.json() == {
        "ok": False,
        "error": "csrf_failed",
        "message": forged.json()["message"],
    }


def test_stock_changed_in_the_admin_is_seen_by_the_next_add(client):
    client.force_login(UserFactory())
    sku = SKUFactory(stock=1)
    assert client.post("/cart/add/", {"sku_id": sku.pk, "count": 1}).status_code == 200
    assert client.post("/cart/add/", {"sku_id": sku.pk, "count": 1}).status_code == 409
    sku.stock = 5
    sku.save()
    assert client.post("/cart/add/", {"sku_id": sku.pk, "count": 1}).status_code == 200
    sku.is_on_sale = False
    sku.save()
    assert client.post("/cart/add/", {"sku_id": sku.pk, "count": 1}).status_code == 404


def test_payment_methods_that_are_off_are_refused(client, settings):
    sku = SKUFactory()
    user, address = shopper_with_cart({sku: 1})
    client.force_login(user)
    data = {"addr_id": address.pk, "sku_ids": sku.pk}
    alipay = client.post("/orders/commit/", {**data, "pay_method": "alipay"})
    assert alipay.status_code == 400 and alipay.json()["error"] == "payment_unavailable"
    settings.SANDBOX_PAYMENT_ENABLED = False
    sandbox = client.post("/orders/commit/", {**data, "pay_method": "sandbox"})
    assert sandbox.status_code == 400 and sandbox.json()["error"] == "payment_unavailable"
    assert not OrderInfo.objects.exists()


def test_a_cash_on_delivery_order_cannot_be_paid_through_the_sandbox(client):
    sku = SKUFactory()
    user, address = shopper_with_cart({sku: 1})
    client.force_login(user)
    order_id = order_committed(client, address=address, skus=[sku])
    assert client.post(f"/orders/{order_id}/pay/").status_code == 409
    assert OrderInfo.objects.get(pk=order_id).status == "cod"


def test_unpaid_orders_expire_and_give_their_stock_back(client, django_capture_on_commit_callbacks):
    sku = SKUFactory(stock=10, sales=0)
    user, address = shopper_with_cart({sku: 3})
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):  # ordered lines leave the cart
        stale = order_committed(client, address=address, skus=[sku], pay_method="sandbox")
    client.post("/cart/add/", {"sku_id": sku.pk, "count": 2})
    paid = order_committed(client, address=address, skus=[sku], pay_method="sandbox")
    payment_record(order_id=paid, trade_no="T1", amount=OrderInfo.objects.get(pk=paid).amount_due)
    OrderInfo.objects.update(created_at=timezone.now() - timedelta(hours=1))

    assert orders_cancel_unpaid(older_than_minutes=30) == 1
    assert OrderInfo.objects.get(pk=stale).status == "cancelled"
    assert OrderInfo.objects.get(pk=paid).status == "paid"
    sku = GoodsSKU.objects.get(pk=sku.pk)
    assert (sku.stock, sku.sales) == (8, 2)
    assert orders_cancel_unpaid(older_than_minutes=30) == 0


def test_an_order_is_only_for_what_the_confirmation_page_showed(
    client, django_capture_on_commit_callbacks
):
    sku = SKUFactory(stock=20)
    user, address = shopper_with_cart({sku: 2})
    client.force_login(user)
    token = client.post("/orders/place/", {"sku_ids": [sku.pk]}).context["checkout_token"]
    client.post("/cart/update/", {"sku_id": sku.pk, "count": 9})  # another tab
    data = {"addr_id": address.pk, "pay_method": "cod", "sku_ids": sku.pk, "checkout_token": token}
    changed = client.post("/orders/commit/", data)
    assert changed.status_code == 409 and changed.json()["error"] == "cart_changed"
    assert not OrderInfo.objects.exists()

    token = client.post("/orders/place/", {"sku_ids": [sku.pk]}).context["checkout_token"]
    client.post("/cart/add/", {"sku_id": sku.pk, "count": 0})  # refused: nothing changes
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/orders/commit/", {**data, "checkout_token": token}).status_code == 200
    assert OrderInfo.objects.get().total_count == 9


def test_goods_that_cannot_be_merged_at_login_stay_visible(client):
    from accounts.tests.factories import PASSWORD
    from shop import redis_cart

    sku = SKUFactory(stock=3)
    assert client.post("/cart/add/", {"sku_id": sku.pk, "count": 2}).status_code == 200
    sku.is_on_sale = False
    sku.save()
    user = UserFactory()
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert redis_cart.items(redis_cart.user_cart_key(user.pk)) == {sku.pk: 2}
    line = client.get("/cart/").context["lines"][0]
    assert not line.available
