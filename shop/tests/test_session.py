"""GET /session/ (who the visitor is, their cart count, the CSRF cookie) and the readable
``fresh_personal`` marker that tells a published page's script whether to ask it."""

import pytest
from django.conf import settings
from django.test import Client

from accounts.tests.factories import PASSWORD, UserFactory
from catalog.tests.factories import SKUFactory, make_category

pytestmark = pytest.mark.django_db

MARKER = "fresh_personal"


def log_in(client: Client, user) -> None:
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def marker_set(response) -> str | None:
    """The marker's new value the response sets, "" when it deletes it, None when it leaves it."""
    morsel = response.cookies.get(MARKER)
    return None if morsel is None else morsel.value


def test_a_guest_is_nobody_with_an_empty_cart():
    response = Client().get("/session/")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "user": None, "cart_count": 0}
    assert response["Cache-Control"] == "no-store"
    assert response.cookies[settings.CSRF_COOKIE_NAME].value  # the token POSTs need
    assert marker_set(response) is None


def test_a_shopper_sees_their_name_and_cart_count():
    client = Client()
    client.force_login(UserFactory(username="fresh_fan"))
    for sku in SKUFactory.create_batch(2, category=make_category()):
        client.post("/cart/add/", {"sku_id": sku.pk, "count": 2})
    body = client.get("/session/").json()
    assert body == {"ok": True, "user": {"username": "fresh_fan"}, "cart_count": 2}


def test_a_guest_cart_counts_and_its_cookie_is_not_anybody_elses():
    guest = Client()
    sku = SKUFactory(category=make_category())
    guest.post("/cart/add/", {"sku_id": sku.pk, "count": 1})
    assert guest.get("/session/").json()["cart_count"] == 1
    assert Client().get("/session/").json()["cart_count"] == 0


def test_session_answers_get_only_in_the_contracts_shape():
    response = Client().post("/session/")
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"


def test_the_marker_follows_a_login_and_a_logout():
    client = Client()
    user = UserFactory()
    assert marker_set(client.get("/fruit/")) is None
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert marker_set(response).startswith("u.")  # a login's
    assert response.cookies[MARKER]["httponly"] == ""  # the page's script reads it
    assert marker_set(client.get("/session/")) is None  # kept, not set again
    assert marker_set(client.post("/accounts/logout/")) == ""
    assert MARKER not in {name for name, morsel in client.cookies.items() if morsel.value}


def test_the_marker_follows_a_guest_cart_and_ends_with_it_at_login():
    client = Client()
    make_category()
    response = client.post("/cart/add/", {"sku_id": SKUFactory().pk, "count": 1})
    assert marker_set(response).startswith("g.")  # a guest cart's
    log_in(client, UserFactory())
    # the guest cart was merged: its cookie goes, so after logout nothing is personal
    assert client.cookies[settings.GUEST_CART_COOKIE].value == ""
    assert client.get("/session/").json()["cart_count"] == 1
    assert marker_set(client.post("/accounts/logout/")) == ""
    assert client.get("/session/").json() == {"ok": True, "user": None, "cart_count": 0}


def marker(client: Client) -> str:
    return client.cookies[MARKER].value if MARKER in client.cookies else ""


def test_the_markers_value_changes_with_what_session_answers_and_only_then():
    """The page's script keeps /session/'s answer per marker value: a value must change with
    every login, logout and cart change, and stay through page views and goods-view reports."""
    client = Client()
    sku = SKUFactory(category=make_category())
    user = UserFactory()
    client.post("/cart/add/", {"sku_id": sku.pk, "count": 1})
    as_guest = marker(client)
    log_in(client, user)  # the guest cart is merged: the count may change
    at_login = marker(client)
    assert at_login.startswith("u.") and at_login != as_guest
    for url in ("/fruit/", f"/goods/{sku.pk}/", "/session/", "/cart/", "/goods/fragments/nav.html"):
        assert marker_set(client.get(url)) is None, url
    assert client.post("/accounts/history/", {"sku_id": sku.pk}).json()["ok"]
    assert marker(client) == at_login  # a goods view changes nothing /session/ answers
    changes = [
        client.post("/cart/add/", {"sku_id": sku.pk, "count": 2}),
        client.post("/cart/update/", {"sku_id": sku.pk, "count": 3}),
        client.post("/cart/delete/", {"sku_id": sku.pk}),
    ]
    values = [at_login] + [marker_set(response) for response in changes]
    assert len(set(values)) == len(values) and all(v.startswith("u.") for v in values)
    assert marker_set(client.post("/accounts/logout/")) == ""


def test_a_marker_of_the_wrong_kind_is_renewed_when_the_session_tells():
    client = Client()
    make_category()
    client.post("/cart/add/", {"sku_id": SKUFactory().pk, "count": 1})
    client.cookies[MARKER] = "u.left-from-a-login"  # e.g. a session that expired, cart kept
    renewed = marker_set(client.get("/session/"))
    assert renewed.startswith("g.")
    assert marker_set(client.get("/session/")) is None


def test_a_stale_marker_is_removed_by_the_session_call():
    client = Client()
    client.cookies[MARKER] = "1"  # e.g. a session that expired
    assert marker_set(client.get("/session/")) == ""


def test_a_post_from_a_published_page_gets_its_csrf_token_from_session():
    client = Client(enforce_csrf_checks=True)
    sku = SKUFactory(category=make_category())
    page = client.get(f"/goods/{sku.pk}/")
    assert settings.CSRF_COOKIE_NAME not in page.cookies
    refused = client.post("/cart/add/", {"sku_id": sku.pk, "count": 1})
    assert refused.status_code == 403 and refused.json()["error"] == "csrf_failed"
    token = client.get("/session/").cookies[settings.CSRF_COOKIE_NAME].value
    added = client.post(
        "/cart/add/", {"sku_id": sku.pk, "count": 1}, headers={"X-CSRFToken": token}
    )
    assert added.json() == {"ok": True, "cart_count": 1}
