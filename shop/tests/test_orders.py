"""Checkout: the confirmation page, order commit (whole or nothing), payment, the orders page."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.tests.factories import AddressFactory, UserFactory
from catalog.models import GoodsSKU
from catalog.tests.factories import SKUFactory
from shop import redis_cart
from shop.models import OrderGoods, OrderInfo

from .factories import checkout_token_for, shopper_with_cart

pytestmark = pytest.mark.django_db

STRATEGIES = ["pessimistic", "optimistic", "conditional"]


def commit(client, address, skus, pay_method="sandbox", **extra):
    """Submit the confirmation page for ``skus``: with its one-time key unless one is given."""
    if "checkout_token" not in extra:
        extra["checkout_token"] = checkout_token_for(client, skus)
    return client.post(
        "/orders/commit/",
        {
            "addr_id": address.pk,
            "pay_method": pay_method,
            "sku_ids": ",".join(str(s.pk) for s in skus),
            **extra,
        },
    )


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_commit_writes_the_whole_order_and_empties_those_cart_lines(
    client, settings, strategy, django_capture_on_commit_callbacks
):
    settings.ORDER_STOCK_STRATEGY = strategy
    apple = SKUFactory(name="苹果", price=Decimal("12.50"), stock=10, sales=1)
    pear = SKUFactory(name="梨", price=Decimal("3.00"), stock=5)
    kept = SKUFactory(name="留在购物车")
    user, address = shopper_with_cart({apple: 2, pear: 3, kept: 1})
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = commit(client, address, [apple, pear])
    assert response.status_code == 200, response.json()
    order = OrderInfo.objects.get(pk=response.json()["order_id"])
    assert order.user == user and order.status == "unpaid" and order.trade_no == ""
    assert (order.total_count, order.total_price, order.freight) == (
        5,
        Decimal("34.00"),
        Decimal("10"),
    )
    assert order.receiver == address.receiver and order.receiver_address == address.address
    assert [(line.name, line.count, line.price) for line in order.lines.all()] == [
        ("苹果", 2, Decimal("12.50")),
        ("梨", 3, Decimal("3.00")),
    ]
    apple.refresh_from_db(), pear.refresh_from_db()
    assert (apple.stock, apple.sales, pear.stock, pear.sales) == (8, 3, 2, 3)
    assert redis_cart.items(redis_cart.user_cart_key(user.pk)) == {kept.pk: 1}


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_short_stock_writes_nothing_and_names_the_goods(client, settings, strategy):
    settings.ORDER_STOCK_STRATEGY = strategy
    plenty = SKUFactory(name="充足", stock=10)
    scarce = SKUFactory(name="紧俏", stock=1)
    user, address = shopper_with_cart({plenty: 2, scarce: 2})
    client.force_login(user)

    response = commit(client, address, [plenty, scarce])
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "insufficient_stock" and "紧俏" in body["message"]
    assert body["sku_id"] == scarce.pk
    assert not OrderInfo.objects.exists() and not OrderGoods.objects.exists()
    assert GoodsSKU.objects.get(pk=plenty.pk).stock == 10  # the first SKU's take rolled back
    assert redis_cart.items(redis_cart.user_cart_key(user.pk)) == {plenty.pk: 2, scarce.pk: 2}


def test_someone_elses_address_is_404_and_nothing_written(client):
    sku = SKUFactory()
    user, _ = shopper_with_cart({sku: 1})
    client.force_login(user)
    response = commit(client, AddressFactory(user=UserFactory()), [sku])
    assert response.status_code == 404 and response.json()["error"] == "address_not_found"
    assert not OrderInfo.objects.exists()


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"pay_method": "bitcoin"}, "invalid_input"),
        ({"sku_ids": ""}, "invalid_input"),
        ({"sku_ids": "1,x"}, "invalid_input"),
        ({"addr_id": "abc"}, "invalid_input"),
        ({"sku_ids": "999999"}, "invalid_input"),  # not in the cart
    ],
)
def test_bad_commits_are_400(client, fields, code):
    sku = SKUFactory()
    user, address = shopper_with_cart({sku: 1})
    client.force_login(user)
    data = {
        "addr_id": address.pk,
        "pay_method": "cod",
        "sku_ids": str(sku.pk),
        "checkout_token": checkout_token_for(client, [sku]),
        **fields,
    }
    response = client.post("/orders/commit/", data)
    assert response.status_code == 400 and response.json()["error"] == code
    assert not OrderInfo.objects.exists()


def test_commit_needs_login(client):
    response = client.post("/orders/commit/", {"addr_id": 1, "pay_method": "cod", "sku_ids": "1"})
    assert response.status_code == 401 and response.json()["error"] == "login_required"


def test_the_same_confirmation_submitted_twice_makes_one_order(
    client, django_capture_on_commit_callbacks
):
    sku = SKUFactory(stock=10)
    user, address = shopper_with_cart({sku: 1})
    client.force_login(user)
    page = client.post("/orders/place/", {"sku_ids": [sku.pk]})
    token = page.context["checkout_token"]

    with django_capture_on_commit_callbacks(execute=True):  # the line leaves the cart
        first = commit(client, address, [sku], checkout_token=token)
    second = commit(client, address, [sku], checkout_token=token)
    assert first.status_code == second.status_code == 200
    assert first.json()["order_id"] == second.json()["order_id"]
    assert OrderInfo.objects.count() == 1
    assert GoodsSKU.objects.get(pk=sku.pk).stock == 9


def test_a_foreign_or_unknown_checkout_token_is_refused(client):
    from shop.services import checkout_token_issue

    sku = SKUFactory()
    user, address = shopper_with_cart({sku: 1})
    client.force_login(user)
    someone_elses = checkout_token_issue(user_id=UserFactory().pk, counts={sku.pk: 1})
    for token in (someone_elses, "made-up"):
        response = commit(client, address, [sku], checkout_token=token)
        assert response.status_code == 400 and response.json()["error"] == "checkout_expired"
    assert not OrderInfo.objects.exists()


def test_order_ids_never_collide_for_one_shopper_in_one_second(client):
    skus = SKUFactory.create_batch(5, stock=10)
    user, address = shopper_with_cart({})
    client.force_login(user)
    ids = set()
    for sku in skus:
        client.post("/cart/add/", {"sku_id": sku.pk, "count": 1})
        ids.add(commit(client, address, [sku]).json()["order_id"])
    assert len(ids) == 5
    # the time and 12 random digits: nothing of who ordered
    assert all(re.fullmatch(r"[0-9]{26}", order_id) for order_id in ids)
    assert not any(f"{user.pk:09d}" in order_id for order_id in ids)


def test_an_order_id_already_taken_is_drawn_again_and_the_order_placed_once(
    client, monkeypatch, caplog
):
    from datetime import timedelta
    from types import SimpleNamespace

    from django.utils import timezone

    from shop.services import checkout_token_issue, order_place

    sku = SKUFactory(stock=10)
    user, address = shopper_with_cart({sku: 1})
    # Every id that could be drawn with the random part 0 in the next minute is taken.
    now = timezone.localtime()
    for second in range(60):
        moment = now + timedelta(seconds=second)
        OrderInfo.objects.create(
            order_id=f"{moment:%Y%m%d%H%M%S}{0:012d}",
            user=user,
            receiver="-",
            receiver_address="-",
            receiver_zip_code="100000",
            receiver_phone="13800000000",
            pay_method="cod",
            total_count=1,
            total_price=Decimal("1"),
            freight=Decimal("0"),
        )
    draws = iter([0, 1])
    monkeypatch.setattr("secrets.randbelow", lambda _upper: next(draws))
    caplog.set_level("INFO", logger="shop.services.checkout")

    order = order_place(
        user=user,
        address_id=address.pk,
        pay_method="cod",
        sku_ids=[sku.pk],
        checkout_token=checkout_token_issue(user_id=user.pk, counts={sku.pk: 1}),
    )
    # each rolled-back attempt that is tried again says so in the log
    retried = [r for r in caplog.records if r.getMessage().startswith("order rolled back")]
    stats = SimpleNamespace(transaction_retries=len(retried))

    assert order.order_id.endswith("000001") and stats.transaction_retries == 1
    assert order.lines.count() == 1 and OrderInfo.objects.count() == 61
    sku.refresh_from_db()
    assert sku.stock == 9  # taken once: the attempt that collided was rolled back whole


def test_an_old_order_keeps_what_was_bought_after_edits(client):
    sku = SKUFactory(name="原名", price=Decimal("9.90"))
    user, address = shopper_with_cart({sku: 1})
    client.force_login(user)
    order_id = commit(client, address, [sku]).json()["order_id"]
    sku.name, sku.price = "新名", Decimal("99.00")
    sku.save()
    address.address = "搬家了"
    address.save()
    order = OrderInfo.objects.get(pk=order_id)
    line = order.lines.get()
    assert (line.name, line.price) == ("原名", Decimal("9.90"))
    assert order.receiver_address != "搬家了"


def test_confirmation_page_shows_totals_freight_and_default_address(client):
    apple = SKUFactory(name="苹果", price=Decimal("10.00"))
    user, address = shopper_with_cart({apple: 3})
    AddressFactory(user=user, address="另一个地址")
    client.force_login(user)
    response = client.post("/orders/place/", {"sku_ids": [apple.pk]})
    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary.total_count, summary.total_price, summary.amount_due) == (
        3,
        Decimal("30.00"),
        Decimal("40.00"),
    )
    assert response.context["default_address"] == address
    html = response.content.decode()
    assert "¥40.00" in html and "货到付款" in html and "沙箱支付" in html


def test_confirmation_asks_guests_to_log_in(client):
    response = client.post("/orders/place/", {"sku_ids": ["1"]})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_shoppers_order_is_404_everywhere(client):
    sku = SKUFactory()
    owner, address = shopper_with_cart({sku: 1})
    client.force_login(owner)
    order_id = commit(client, address, [sku]).json()["order_id"]
    client.force_login(UserFactory())
    assert client.get(f"/orders/{order_id}/status/").status_code == 404
    assert client.post(f"/orders/{order_id}/pay/").status_code == 404
    assert client.get(reverse("shop:paid", args=[order_id])).status_code == 404
    assert client.post(f"/orders/{order_id}/cancel/").status_code == 404
    assert order_id not in client.get("/accounts/orders/").content.decode()


def test_orders_page_lists_newest_first_with_lines_and_pages(client):
    skus = SKUFactory.create_batch(7, stock=10)
    user, address = shopper_with_cart({})
    client.force_login(user)
    placed = []
    for sku in skus:
        client.post("/cart/add/", {"sku_id": sku.pk, "count": 2})
        placed.append(commit(client, address, [sku], pay_method="cod").json()["order_id"])
    first = client.get("/accounts/orders/")
    shown = [order.order_id for order in first.context["orders"]]
    assert shown == list(reversed(placed))[:5]
    html = first.content.decode()
    assert skus[-1].name in html and "待发货（货到付款）" in html
    second = client.get("/accounts/orders/?page=2")
    assert [o.order_id for o in second.context["orders"]] == list(reversed(placed))[5:]
    assert client.get("/accounts/orders/?page=abc").context["orders"].number == 1
    assert client.get("/accounts/orders/?page=0").context["orders"].number == 1  # not the last
    assert client.get("/accounts/orders/?page=9").context["orders"].number == 2


def test_after_an_order_the_cart_checks_adds_against_the_new_stock(
    client, django_capture_on_commit_callbacks
):
    apple = SKUFactory(stock=5)
    user, address = shopper_with_cart({apple: 1})
    client.force_login(user)
    # the cart's stock mirror now says 5
    assert client.post("/cart/add/", {"sku_id": apple.pk, "count": 1}).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        assert commit(client, address, [apple], pay_method="cod").status_code == 200

    assert redis_cart.items(redis_cart.user_cart_key(user.pk)) == {}
    refused = client.post("/cart/add/", {"sku_id": apple.pk, "count": 4})
    assert refused.status_code == 409, refused.json()
    assert refused.json()["error"] == "insufficient_stock"
    assert client.post("/cart/add/", {"sku_id": apple.pk, "count": 3}).status_code == 200
