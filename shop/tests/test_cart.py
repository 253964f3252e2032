"""The Redis cart: the JSON endpoints, atomic counts, the guest cart and its merge at login."""

import threading

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from catalog.tests.factories import SKUFactory, make_category
from shop import redis_cart

pytestmark = pytest.mark.django_db

ADD, UPDATE, DELETE = "/cart/add/", "/cart/update/", "/cart/delete/"


@pytest.fixture
def shopper(client):
    user = UserFactory()
    client.force_login(user)
    return user


def cart_of(user) -> dict[int, int]:
    return redis_cart.items(redis_cart.user_cart_key(user.pk))


def test_add_counts_distinct_goods_and_sums_counts(client, shopper):
    apple, pear = SKUFactory(stock=10), SKUFactory(stock=10)
    assert client.post(ADD, {"sku_id": apple.pk, "count": 2}).json() == {
        "ok": True,
        "cart_count": 1,
    }
    assert client.post(ADD, {"sku_id": apple.pk, "count": 3}).json()["cart_count"] == 1
    assert client.post(ADD, {"sku_id": pear.pk, "count": 1}).json()["cart_count"] == 2
    assert cart_of(shopper) == {apple.pk: 5, pear.pk: 1}


@pytest.mark.parametrize(
    ("fields", "status", "code"),
    [
        ({"sku_id": "abc", "count": 1}, 400, "invalid_input"),
        ({"count": 1}, 400, "invalid_input"),
        ({"sku_id": "SKU", "count": "0"}, 400, "invalid_input"),
        ({"sku_id": "SKU", "count": "-2"}, 400, "invalid_input"),
        ({"sku_id": "SKU", "count": "1.5"}, 400, "invalid_input"),
        ({"sku_id": 999999, "count": 1}, 404, "sku_not_found"),
        ({"sku_id": "OFF", "count": 1}, 404, "sku_not_found"),
        ({"sku_id": "SKU", "count": 11}, 409, "insufficient_stock"),
    ],
)
def test_bad_adds_are_refused_with_the_contracts_error(client, shopper, fields, status, code):
    sku, off = SKUFactory(stock=10), SKUFactory(is_on_sale=False)
    fields = {k: {"SKU": sku.pk, "OFF": off.pk}.get(v, v) for k, v in fields.items()}
    response = client.post(ADD, fields)
    assert response.status_code == status
    body = response.json()
    assert body["ok"] is False and body["error"] == code and body["message"]
    assert cart_of(shopper) == {}


def test_adding_past_the_stock_says_how_many_are_left(client, shopper):
    sku = SKUFactory(stock=5)
    client.post(ADD, {"sku_id": sku.pk, "count": 4})
    response = client.post(ADD, {"sku_id": sku.pk, "count": 2})
    assert response.status_code == 409
    assert response.json()["stock"] == 5 and "1" in response.json()["message"]
    assert cart_of(shopper) == {sku.pk: 4}


def test_update_sets_the_count_and_delete_removes_the_line(client, shopper):
    sku, other = SKUFactory(stock=10), SKUFactory(stock=10)
    client.post(ADD, {"sku_id": sku.pk, "count": 1})
    client.post(ADD, {"sku_id": other.pk, "count": 1})
    assert client.post(UPDATE, {"sku_id": sku.pk, "count": 7}).json()["cart_count"] == 2
    assert client.post(UPDATE, {"sku_id": sku.pk, "count": 11}).status_code == 409
    assert cart_of(shopper)[sku.pk] == 7  # a refused update keeps the old count
    assert client.post(DELETE, {"sku_id": sku.pk}).json() == {"ok": True, "cart_count": 1}
    assert cart_of(shopper) == {other.pk: 1}


def test_endpoints_need_post_and_csrf(shopper):
    sku = SKUFactory()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(shopper)
    assert strict.post(ADD, {"sku_id": sku.pk, "count": 1}).status_code == 403
    assert strict.get(ADD).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_concurrent_adds_lose_no_update():
    user = UserFactory()
    sku = SKUFactory(stock=10_000)
    threads, barrier = 16, threading.Barrier(16)

    def add():
        client = Client()
        client.force_login(user)
        barrier.wait()
        for _ in range(5):
            assert client.post(ADD, {"sku_id": sku.pk, "count": 1}).status_code == 200

    workers = [threading.Thread(target=add) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert cart_of(user) == {sku.pk: threads * 5}


def test_guest_cart_is_merged_at_login_capped_at_stock(client):
    sku, scarce = SKUFactory(stock=10), SKUFactory(stock=3)
    user = UserFactory()
    redis_cart.change_count(
        key=redis_cart.user_cart_key(user.pk), sku_id=scarce.pk, amount=2, stock=3, mode="add"
    )
    assert client.post(ADD, {"sku_id": sku.pk, "count": 2}).json()["cart_count"] == 1
    assert client.post(ADD, {"sku_id": scarce.pk, "count": 3}).status_code == 200
    assert "guest_cart" in client.cookies

    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert cart_of(user) == {sku.pk: 2, scarce.pk: 3}
    assert client.get("/cart/").context["lines"][0].count in (2, 3)


def test_a_forged_guest_cookie_is_ignored(client):
    sku = SKUFactory()
    client.cookies["guest_cart"] = "someone-elses-cart"
    assert client.post(ADD, {"sku_id": sku.pk, "count": 1}).status_code == 200
    assert client.cookies["guest_cart"].value != "someone-elses-cart"


def test_session_tells_the_header_the_cart_count(client, shopper):
    SKUFactory.create_batch(2, category=make_category())
    for sku in SKUFactory._meta.model.objects.all():
        client.post(ADD, {"sku_id": sku.pk, "count": 1})
    assert client.get("/session/").json()["cart_count"] == 2


def test_cart_page_marks_unavailable_goods(client, shopper):
    fine, gone = SKUFactory(name="还在卖"), SKUFactory(name="已下架的")
    for sku in (fine, gone):
        client.post(ADD, {"sku_id": sku.pk, "count": 1})
    gone.is_on_sale = False
    gone.save()
    response = client.get("/cart/")
    lines = {line.sku.name: line for line in response.context["lines"]}
    assert lines["还在卖"].available and not lines["已下架的"].available
    html = response.content.decode()
    assert f'name="sku_ids" value="{fine.pk}"' in html
    assert f'name="sku_ids" value="{gone.pk}"' not in html


def test_deploy_check_warns_when_carts_share_the_cache(settings):
    from shop.checks import store_apart_from_cache

    settings.CACHES = {
        "default": {**settings.CACHES["default"]},
        "store": {**settings.CACHES["store"], "LOCATION": settings.CACHES["default"]["LOCATION"]},
    }
    assert [w.id for w in store_apart_from_cache(None)] == ["shop.W001"]
    settings.CACHES = {
        "default": {**settings.CACHES["default"]},
        "store": {**settings.CACHES["store"], "LOCATION": "redis://elsewhere:6379/2"},
    }
    assert store_apart_from_cache(None) == []
