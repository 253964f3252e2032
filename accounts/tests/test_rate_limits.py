"""Per-client rate limits (counters in the store): sign-ups, password-reset mails, JSON routes."""

import pytest
from django.test import Client
from django.urls import reverse

from catalog.tests.factories import SKUFactory

from .factories import UserFactory

pytestmark = pytest.mark.django_db

REGISTER_URL = reverse("accounts:register")
CHECK_URL = reverse("accounts:register_check")
RESET_URL = reverse("accounts:password_reset")
CART_ADD = "/cart/add/"
ADDRESS_A = {"REMOTE_ADDR": "203.0.113.7"}
ADDRESS_B = {"REMOTE_ADDR": "198.51.100.9"}
TOO_MANY = "请求过于频繁，请稍后再试。"


def sign_up_attempt(client, **extra):
    # a form with an error: it is the POST that counts, whatever its outcome
    data = {"username": "newbie", "password": "x", "password2": "y", "email": "n@example.com"}
    return client.post(REGISTER_URL, data, **extra)


def assert_limited_page(response):
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert TOO_MANY in response.content.decode()


def assert_limited_json(response):
    assert response.status_code == 429
    assert response.json() == {"ok": False, "error": "rate_limited", "message": TOO_MANY}


def test_sign_ups_are_limited_to_ten_an_hour_per_address(client, settings):
    assert settings.RATE_LIMIT_REGISTER == "10/h"
    for _ in range(10):
        assert sign_up_attempt(client, **ADDRESS_A).status_code == 200

    assert_limited_page(sign_up_attempt(client, **ADDRESS_A))
    assert client.get(REGISTER_URL, **ADDRESS_A).status_code == 200  # reading the form is free
    assert sign_up_attempt(client, **ADDRESS_B).status_code == 200


def test_password_reset_mails_are_limited_to_five_an_hour_per_address(client, settings):
    assert settings.RATE_LIMIT_PASSWORD_RESET == "5/h"
    for _ in range(5):
        response = client.post(RESET_URL, {"email": "nobody@example.com"}, **ADDRESS_A)
        assert response.status_code == 302

    assert_limited_page(client.post(RESET_URL, {"email": "nobody@example.com"}, **ADDRESS_A))
    assert client.post(RESET_URL, {"email": "nobody@example.com"}, **ADDRESS_B).status_code == 302


def test_the_username_check_answers_the_contracts_json_when_limited(client, settings):
    assert settings.RATE_LIMIT_JSON == "120/m"
    settings.RATE_LIMIT_JSON = "3/h"  # an hour's window: no window edge falls inside the test
    for _ in range(3):
        assert client.get(CHECK_URL, {"username": "newbie"}, **ADDRESS_A).status_code == 200

    assert_limited_json(client.get(CHECK_URL, {"username": "newbie"}, **ADDRESS_A))
    assert client.get(CHECK_URL, {"username": "newbie"}, **ADDRESS_B).status_code == 200


def test_json_routes_count_each_shopper_apart_behind_one_address(settings):
    settings.RATE_LIMIT_JSON = "3/h"
    sku = SKUFactory(stock=100)
    alice, bob = Client(), Client()
    alice.force_login(UserFactory())
    bob.force_login(UserFactory())
    for _ in range(3):
        assert alice.post(CART_ADD, {"sku_id": sku.pk}, **ADDRESS_A).status_code == 200

    assert_limited_json(alice.post(CART_ADD, {"sku_id": sku.pk}, **ADDRESS_A))
    assert bob.post(CART_ADD, {"sku_id": sku.pk}, **ADDRESS_A).status_code == 200
    # one counter per route: the limited cart add leaves the username check alone
    assert alice.get(CHECK_URL, {"username": "newbie"}, **ADDRESS_A).status_code == 200


def test_guests_are_counted_by_address(settings):
    settings.RATE_LIMIT_JSON = "2/h"
    sku = SKUFactory(stock=100)
    for _ in range(2):
        assert Client().post(CART_ADD, {"sku_id": sku.pk}, **ADDRESS_A).status_code == 200

    assert_limited_json(Client().post(CART_ADD, {"sku_id": sku.pk}, **ADDRESS_A))
    assert Client().post(CART_ADD, {"sku_id": sku.pk}, **ADDRESS_B).status_code == 200


def test_a_limit_whose_counters_cannot_be_reached_lets_requests_through(client, settings):
    """A store that is down turns no route into an error of the limit's own."""
    settings.RATE_LIMIT_JSON = "1/h"
    settings.CACHES = {
        **settings.CACHES,
        "store": {**settings.CACHES["store"], "LOCATION": "redis://127.0.0.1:1/0"},
    }

    for _ in range(3):
        assert client.get(CHECK_URL, {"username": "newbie"}).status_code == 200


def test_ipv6_clients_are_counted_by_their_64_network(settings):
    settings.RATE_LIMIT_JSON = "2/h"
    sku = SKUFactory(stock=100)
    for host in ("::1", "::2"):
        address = {"REMOTE_ADDR": f"2001:db8:1:2{host}"}
        assert Client().post(CART_ADD, {"sku_id": sku.pk}, **address).status_code == 200

    assert_limited_json(Client().post(CART_ADD, {"sku_id": sku.pk}, REMOTE_ADDR="2001:db8:1:2::3"))
    other_network = {"REMOTE_ADDR": "2001:db8:1:3::1"}
    assert Client().post(CART_ADD, {"sku_id": sku.pk}, **other_network).status_code == 200


@pytest.mark.parametrize(
    ("rate", "parsed"), [("10/h", (10, 3600)), ("120/m", (120, 60)), ("5/10m", (5, 600))]
)
def test_rates_are_a_count_per_period(rate, parsed):
    from freshsite.rate_limits import parse_rate

    assert parse_rate(rate) == parsed


def test_a_malformed_rate_is_a_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    from freshsite.rate_limits import parse_rate

    with pytest.raises(ImproperlyConfigured):
        parse_rate("ten per hour")
