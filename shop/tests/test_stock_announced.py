"""Every change of a SKU's stock is announced once it commits (``catalog.signals.stock_changed``):
orders under each strategy, the unpaid-order timeout, an editor's save; never a rolled-back one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.signals import stock_changed
from catalog.tests.factories import SKUFactory
from shop.models import OrderInfo
from shop.services import orders_cancel_unpaid

from .factories import order_committed, shopper_with_cart

pytestmark = pytest.mark.django_db

STRATEGIES = ["pessimistic", "optimistic", "conditional"]


@pytest.fixture
def announced():
    heard: list[list[int]] = []

    def listen(sender, sku_ids, **kwargs):
        heard.append(sku_ids)

    stock_changed.connect(listen)
    yield heard
    stock_changed.disconnect(listen)


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_an_order_announces_its_skus_after_commit(
    client, settings, strategy, announced, django_capture_on_commit_callbacks
):
    settings.ORDER_STOCK_STRATEGY = strategy
    apple, pear = SKUFactory(stock=5), SKUFactory(stock=5)
    user, address = shopper_with_cart({apple: 1, pear: 2})
    client.force_login(user)
    with django_capture_on_commit_callbacks() as callbacks:
        order_committed(client, address=address, skus=[apple, pear])
    assert announced == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(id for ids in announced for id in ids) == sorted([apple.pk, pear.pk])


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_an_order_that_fails_announces_nothing(
    client, settings, strategy, announced, django_capture_on_commit_callbacks
):
    settings.ORDER_STOCK_STRATEGY = strategy
    plenty, short = SKUFactory(stock=5), SKUFactory(stock=1)
    user, address = shopper_with_cart({plenty: 1, short: 2})
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        token = client.post("/orders/place/", {"sku_ids": [plenty.pk, short.pk]})
        response = client.post(
            "/orders/commit/",
            {
                "addr_id": address.pk,
                "pay_method": "cod",
                "sku_ids": f"{plenty.pk},{short.pk}",
                "checkout_token": token.context["checkout_token"],
            },
        )
    assert response.status_code == 409 and announced == []


def test_the_unpaid_timeout_announces_the_stock_it_gives_back(
    client, announced, django_capture_on_commit_callbacks
):
    sku = SKUFactory(stock=10)
    user, address = shopper_with_cart({sku: 3})
    client.force_login(user)
    order_committed(client, address=address, skus=[sku], pay_method="sandbox")
    OrderInfo.objects.update(created_at=timezone.now() - timedelta(hours=1))
    announced.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert orders_cancel_unpaid(older_than_minutes=30) == 1
    assert announced == [[sku.pk]]


def test_an_editors_stock_change_is_announced_and_other_edits_are_not(
    admin_client, announced, django_capture_on_commit_callbacks
):
    sku = SKUFactory(stock=0)
    url = reverse("wagtailsnippets_catalog_goodssku:edit", args=[sku.pk])
    form = {
        "spu": sku.spu_id,
        "category": sku.category_id,
        "name": sku.name,
        "description": "",
        "price": "9.90",
        "unit": sku.unit,
        "stock": "0",
        "sales": "0",
        "image": sku.image_id,
        "is_on_sale": "on",
        "gallery-TOTAL_FORMS": "0",
        "gallery-INITIAL_FORMS": "0",
        "gallery-MIN_NUM_FORMS": "0",
        "gallery-MAX_NUM_FORMS": "1000",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, form).status_code == 302  # the price only
    assert announced == []
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, {**form, "stock": "12"}).status_code == 302
    assert announced == [[sku.pk]]
