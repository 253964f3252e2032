"""Browsing history: goods pages a logged-in shopper opened, newest first, in the user center.

Recorded through ``POST /accounts/history/``, which a goods page's script calls for a logged-in
shopper: the page itself is published, the same for everyone, and records nothing.
"""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def fruit():
    return make_category("新鲜水果", "fruit")


def test_the_detail_page_records_nothing_itself_and_tells_its_script_what_to(
    client, fruit, redis_flushed
):
    sku = SKUFactory(category=fruit)
    client.force_login(UserFactory())
    html = client.get(reverse("catalog:detail", args=[sku.pk])).content.decode()
    assert redis_flushed.keys("history_*") == []
    assert f'data-goods-detail="{sku.pk}"' in html
    assert f'data-history-url="{reverse("accounts:history")}"' in html


def test_recorded_views_show_in_the_user_center_newest_first(client, fruit):
    first, second = SKUFactory(category=fruit), SKUFactory(category=fruit)
    client.force_login(UserFactory())
    for sku in (first, second, first):
        client.post(reverse("accounts:history"), {"sku_id": sku.pk})
    response = client.get(reverse("accounts:user_center"))
    assert response.context["recently_viewed"] == [first, second]
    assert first.name in response.content.decode()


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
