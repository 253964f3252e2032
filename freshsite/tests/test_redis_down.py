"""Redis down: degrade, don't fail.

- The cache alone gone: everything works (slower); its reads miss, its writes are skipped.
- The whole Redis gone (the embedded default keeps cache, store and broker in one server): the
  catalog and search answer from the database; what needs the store (login, cart, checkout)
  answers 503 ``store_unavailable``; a registration is kept and mailed once the broker is back;
  when Redis returns everything works again by itself.

Each test runs the shop on a redis-server of its own (``own_redis.py``) and stops it; the
suite's shared Redis is never touched.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from haystack import connections

from accounts.models import User
from accounts.tasks import activation_mail_sweep_task
from accounts.tests.factories import PASSWORD, AddressFactory, UserFactory
from catalog.tests.factories import SKUFactory, make_category
from shop.models import OrderInfo
from shop.tests.factories import order_committed

from .own_redis import OwnRedis, shop_on, worker_running

NOTICE = "暂时无法使用"
GOODS_NAME = "丹东九九草莓"


@pytest.fixture
def own_redis():
    server = OwnRedis()
    server.start()
    yield server
    server.remove()


@pytest.fixture
def search_index():
    """Emptied after the test (the index directory outlives test transactions)."""
    backend = connections["default"].get_backend()
    yield backend
    backend.clear()


def catalog_urls(sku) -> list[str]:
    return ["/", "/fruit/", f"/goods/{sku.pk}/", "/search/?q=草莓"]


def session_of(client) -> dict:
    """What a page's script learns from ``GET /session/``: the user and the cart count."""
    response = client.get("/session/")
    assert response.status_code == 200, response.content[:300]
    return response.json()


def register(client, username: str):
    return client.post(
        "/accounts/register/",
        {
            "username": username,
            "password": PASSWORD,
            "password2": PASSWORD,
            "email": f"{username}@example.com",
            "allow": "on",
        },
    )


def activation_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/activate/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def log_in(client, username: str):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


def assert_store_unavailable_json(response) -> None:
    assert response.status_code == 503, response.content[:300]
    body = response.json()
    assert body["ok"] is False and body["error"] == "store_unavailable" and body["message"]


def assert_notice_page(response) -> None:
    assert response.status_code == 503, response.content[:300]
    assert response["Content-Type"].startswith("text/html")
    assert NOTICE in response.content.decode()


# --- The whole Redis gone ------------------------------------------------------------------
@pytest.mark.django_db
def test_catalog_and_search_answer_from_the_database_while_redis_is_down(
    search_index, own_redis, client
):
    with shop_on(own_redis):
        sku = SKUFactory(name=GOODS_NAME, category=make_category())
        call_command("rebuild_index", "--noinput", verbosity=0)
        guest = Client()
        assert guest.post("/cart/add/", {"sku_id": sku.pk, "count": 2}).json()["cart_count"] == 1
        shopper = Client()
        shopper.force_login(UserFactory(username="loyal_shopper"))
        assert session_of(shopper)["user"] == {"username": "loyal_shopper"}

        own_redis.stop_keeping_data()

        for visitor in (client, guest, shopper):
            for url in catalog_urls(sku):
                response = visitor.get(url)
                assert response.status_code == 200, (url, response.status_code)
                # a session that cannot be read is left alone, not ended
                assert "sessionid" not in response.cookies, url
        assert GOODS_NAME in client.get("/search/?q=草莓").content.decode()
        # Who the visitor is and their cart wait for the store: /session/ says so, and the
        # page's script leaves the guest links the page carries.
        for visitor in (guest, shopper):
            response = visitor.get("/session/")
            assert response.status_code == 503 and response.json()["error"] == "store_unavailable"
            assert "fresh_personal" not in response.cookies  # the marker is left alone
        assert 'href="/accounts/login/' in shopper.get("/").content.decode()

        own_redis.start()
        assert session_of(shopper)["user"] == {"username": "loyal_shopper"}
        assert session_of(guest)["cart_count"] == 1


@pytest.mark.django_db
def test_login_cart_and_checkout_answer_503_and_work_again_once_redis_is_back(own_redis, client):
    with shop_on(own_redis):
        sku = SKUFactory(category=make_category())
        user = UserFactory(username="returning")
        address = AddressFactory(user=user, is_default=True)
        shopper = Client()
        shopper.force_login(user)

        own_redis.crash()

        assert_store_unavailable_json(client.post("/cart/add/", {"sku_id": sku.pk, "count": 1}))
        assert_notice_page(log_in(client, "returning"))
        # A logged-in shopper is not sent to log in again, nor shown an empty cart.
        assert_notice_page(shopper.get("/cart/"))
        assert_notice_page(shopper.get("/accounts/"))
        assert_notice_page(shopper.post("/orders/place/", {"sku_ids": [sku.pk]}))
        commit = {"addr_id": address.pk, "pay_method": "cod", "sku_ids": str(sku.pk)}
        assert_store_unavailable_json(shopper.post("/orders/commit/", commit))
        assert_store_unavailable_json(shopper.post("/cart/update/", {"sku_id": sku.pk, "count": 1}))

        own_redis.start()  # empty: the crash lost what it held

        assert log_in(client, "returning").status_code == 302
        response = client.post("/cart/add/", {"sku_id": sku.pk, "count": 1})
        assert response.status_code == 200 and response.json()["cart_count"] == 1
        order_id = order_committed(client, address=address, skus=[sku])
        assert OrderInfo.objects.filter(order_id=order_id, user=user).exists()


@pytest.mark.django_db(transaction=True)
def test_a_registration_made_while_redis_is_down_is_kept_and_mailed_once_it_is_back(
    own_redis, client, wait_for, caplog
):
    with shop_on(own_redis):
        own_redis.crash()

        response = register(client, "patient_shopper")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/register/done/"
        assert client.get(response["Location"]).status_code == 200
        user = User.objects.get(username="patient_shopper")
        assert not user.is_active and user.activation_sent_at is None
        assert "could not queue accounts.tasks.activation_mail_send_task" in caplog.text

        own_redis.start()
        # The sweep (on beat every five minutes) takes accounts older than two minutes.
        User.objects.filter(pk=user.pk).update(date_joined=F("date_joined") - timedelta(minutes=3))
        with worker_running():
            activation_mail_sweep_task.delay()
            wait_for(lambda: User.objects.get(pk=user.pk).activation_sent_at is not None)
        assert [message.to for message in mail.outbox] == [["patient_shopper@example.com"]]

        assert client.get(activation_path(mail.outbox[0])).status_code == 200
        user.refresh_from_db()
        assert user.is_active


# --- The cache alone gone ------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_with_the_cache_alone_down_the_whole_journey_works(
    search_index, own_redis, client, wait_for
):
    nothing_listening = f"unix://{own_redis.directory / 'no-cache.sock'}?db=0"
    with shop_on(own_redis, cache_location=nothing_listening), worker_running():
        sku = SKUFactory(name=GOODS_NAME, category=make_category())
        # the SKU's index update is queued on commit and made by the worker
        wait_for(lambda: GOODS_NAME in client.get("/search/?q=草莓").content.decode())
        for url in catalog_urls(sku):
            assert client.get(url).status_code == 200, url

        assert register(client, "cacheless").status_code == 302
        wait_for(lambda: len(mail.outbox) == 1)
        assert client.get(activation_path(mail.outbox[0])).status_code == 200
        response = client.post("/cart/add/", {"sku_id": sku.pk, "count": 2})
        assert response.json() == {"ok": True, "cart_count": 1}
        assert log_in(client, "cacheless").status_code == 302
        session = session_of(client)
        assert session["user"] == {"username": "cacheless"}
        assert session["cart_count"] == 1  # the guest cart, merged
        user = User.objects.get(username="cacheless")
        address = AddressFactory(user=user, is_default=True)
        order_id = order_committed(client, address=address, skus=[sku])
        assert OrderInfo.objects.get(order_id=order_id).user == user
