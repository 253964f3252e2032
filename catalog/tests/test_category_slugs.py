"""A category's slug is its URL: one that is already a route of the shop is refused."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data

from catalog.models import CategoryPage
from catalog.validators import route_prefixes

from .factories import site_root_ensure  # the homepage, through the factories

pytestmark = pytest.mark.django_db


def test_every_route_of_the_shop_is_reserved():
    assert {"cart", "orders", "session", "accounts", "admin", "goods", "search", "healthz"} <= (
        route_prefixes()
    )
    assert {"static", "media"} <= route_prefixes()
    assert "fruit" not in route_prefixes()


@pytest.mark.parametrize(("slug", "refused"), [("cart", True), ("Session", True), ("fruit", False)])
def test_an_editor_cannot_save_a_category_under_a_route(admin_client, slug, refused):
    home = site_root_ensure()
    url = reverse("wagtailadmin_pages:add", args=("catalog", "categorypage", home.pk))
    data = nested_form_data(
        {"title": "新鲜水果", "slug": slug, "storage": "chilled", "action-publish": "publish"}
    )

    response = admin_client.post(url, data)

    assert CategoryPage.objects.filter(slug=slug).exists() is not refused
    if refused:
        assert response.status_code == 200
        assert "商城已有的网址" in response.content.decode()
