"""Browsing history: goods pages a logged-in shopper opened, newest first, in the user center.

Recorded by accounts when the catalog reports a goods view (``catalog.signals.goods_viewed``)
and through ``POST /accounts/history/``, which a published page's script calls.
"""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def fruit():
    return make_category("新鲜水果", "fruit")


def test_detail_visit_goes_into_history_and_user_center(client, fruit):
    user = UserFactory()
    first, second = SKUFactory(category=fruit), SKUFactory(category=fruit)
    client.force_login(user)
    client.get(reverse("catalog:detail", args=[first.pk]))
    client.get(reverse("catalog:detail", args=[second.pk]))
    client.get(reverse("catalog:detail", args=[first.pk]))
    response = client.get(reverse("accounts:user_center"))
    assert response.context["recently_viewed"] == [first, second]
    assert first.name in response.content.decode()


def test_anonymous_visit_records_nothing(client, fruit, redis_flushed):
    sku = SKUFactory(category=fruit)
    client.get(reverse("catalog:detail", args=[sku.pk]))
    assert redis_flushed.keys("history_*") == []


def test_history_route_records_a_shoppers_view(client, fruit, redis_flushed):
    user = UserFactory()
    first, second = SKUFactory(category=fruit), SKUFactory(category=fruit)
    client.force_login(user)
    for sku in (first, second):
        response = client.post(reverse("accounts:history"), {"sku_id": sku.pk})
        assert response.status_code == 200 and response.json() == {"ok": True}
    response = client.get(reverse("accounts:user_center"))
    assert response.context["recently_viewed"] == [second, first]


def test_history_route_answers_the_contracts_errors(client, fruit, redis_flushed):
    sku = SKUFactory(category=fruit)
    url = reverse("accounts:history")
    guest = client.post(url, {"sku_id": sku.pk})
    assert guest.status_code == 401 and guest.json()["error"] == "login_required"
    client.force_login(UserFactory())
    for sku_id, status, code in (("x", 400, "invalid_input"), ("１２", 400, "invalid_input")):
        response = client.post(url, {"sku_id": sku_id})
        assert response.status_code == status and response.json()["error"] == code
    off_shelf = SKUFactory(category=fruit, is_on_sale=False)
    for sku_id in (off_shelf.pk, 999_999):
        response = client.post(url, {"sku_id": sku_id})
        assert response.status_code == 404 and response.json()["error"] == "sku_not_found"
    assert client.get(url).status_code == 405
    assert redis_flushed.keys("history_*") == []
