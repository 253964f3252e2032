"""Oversized or malformed input to the JSON routes: the contract's small JSON 400, never a page."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory
from shop import redis_cart
from shop.tests.factories import shopper_with_cart

pytestmark = pytest.mark.django_db

ADD, COMMIT, PLACE = "/cart/add/", "/orders/commit/", "/orders/place/"
SMALL = 1_000  # bytes: an error answer is a sentence, whatever it was sent


@pytest.fixture
def guarded():
    """A client whose POSTs carry a real CSRF token, checked as in production."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    client.get("/session/")  # sets the CSRF cookie, as a page's script has it set
    return client


def post(client: Client, path: str, data: dict | str, **extra):
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    if isinstance(data, str):  # a hand-built urlencoded body
        return client.post(
            path,
            data,
            content_type="application/x-www-form-urlencoded",
            headers={"X-CSRFToken": token},
            **extra,
        )
    return client.post(path, {**data, "csrfmiddlewaretoken": token}, **extra)


def assert_json_error(response, status: int, code: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert len(response.content) < SMALL
    body = response.json()
    assert body["ok"] is False and body["error"] == code and body["message"], body


def test_the_csrf_token_alone_is_accepted(guarded):
    sku = SKUFactory(stock=5)
    response = post(guarded, ADD, {"sku_id": sku.pk, "count": 1})
    assert response.json() == {"ok": True, "cart_count": 1}


def test_a_body_over_the_upload_limit_is_a_json_400(guarded):
    size = 3 * 1024 * 1024
    assert size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = f"sku_id=1&count={'9' * size}"

    assert_json_error(post(guarded, ADD, body), 400, "request_too_large")


def test_an_upload_over_the_limit_is_a_json_400(guarded):
    """Django counts only form fields against the limit; a JSON route takes no files at all."""
    upload = SimpleUploadedFile("big.bin", b"0" * (3 * 1024 * 1024))
    response = post(guarded, ADD, {"sku_id": 1, "count": 1, "upload": upload})
    assert_json_error(response, 400, "request_too_large")


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_too_many_fields_is_a_json_400(guarded, settings, debug):
    settings.DEBUG = debug  # DEBUG would otherwise answer Django's technical page
    fields = 11_000
    assert fields > settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    body = "sku_id=1&count=1&" + "&".join(f"f{n}=x" for n in range(fields))

    assert_json_error(post(guarded, ADD, body), 400, "too_many_fields")


def test_too_many_query_fields_on_a_json_get_is_a_json_400(client):
    query = "&".join(f"f{n}=x" for n in range(11_000))
    response = client.get(f"/accounts/register/check/?username=bobby&{query}")
    assert_json_error(response, 400, "too_many_fields")


def test_a_form_page_keeps_djangos_400(guarded):
    """Only the JSON routes change: a form's oversized body is still Django's refusal."""
    response = post(guarded, PLACE, "sku_ids=1&" + "&".join(f"f{n}=x" for n in range(11_000)))
    assert response.status_code == 400
    assert not response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "sku_id",
    [
        "１２",  # full-width digits: int() would take them
        "١٢",  # Arabic-Indic
        "1_2",  # int() takes underscores too
        "9" * 20,  # past any id column
        "9" * 1_000_000,  # a megabyte, never echoed back
    ],
    ids=["full-width", "arabic-indic", "underscore", "huge", "megabyte"],
)
def test_an_id_is_ascii_digits_within_range(guarded, sku_id):
    response = post(guarded, ADD, {"sku_id": sku_id, "count": 1})
    assert_json_error(response, 400, "invalid_input")


def test_sku_ids_are_bounded(client):
    sku = SKUFactory(stock=10)
    user, address = shopper_with_cart({sku: 1})
    client.force_login(user)
    ids = ",".join(str(sku.pk + n) for n in range(101))

    response = client.post(
        COMMIT,
        {"addr_id": address.pk, "pay_method": "cod", "sku_ids": ids, "checkout_token": "x"},
    )

    assert_json_error(response, 400, "invalid_input")
    assert redis_cart.items(redis_cart.user_cart_key(user.pk)) == {sku.pk: 1}


def test_more_goods_than_one_order_takes_go_back_to_the_cart_with_the_reason(client):
    sku = SKUFactory(stock=10)
    user, _address = shopper_with_cart({sku: 1})
    client.force_login(user)

    response = client.post(PLACE, {"sku_ids": [sku.pk + n for n in range(101)]}, follow=True)

    assert response.redirect_chain[-1][0] == "/cart/"
    assert "100" in " ".join(str(message) for message in response.context["messages"])
