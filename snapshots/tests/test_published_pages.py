"""Published pages are the same for everyone: the homepage, a list page and a goods page carry
no user name, CSRF token, session id or stock figure, and a logged-in shopper with a cart gets
the very bytes a guest gets (their script fills in the rest: ``/session/``, ``/goods/live/``)."""

import pytest
from django.conf import settings
from django.test import Client

from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory, make_category

pytestmark = pytest.mark.django_db

STOCK, SALES = 7351, 8642  # figures no other part of a page would show


@pytest.fixture
def shop_pages():
    fruit = make_category("新鲜水果", "fruit")
    skus = SKUFactory.create_batch(3, category=fruit, stock=STOCK, sales=SALES)
    home = fruit.get_parent().specific  # the homepage, with a floor of these goods
    floor = {"category": fruit.pk, "image_goods": [s.pk for s in skus], "text_goods": []}
    home.floors = [{"type": "floor", "value": floor}]
    home.save_revision().publish()
    return ["/", "/fruit/", "/fruit/?sort=price&page=1", f"/goods/{skus[0].pk}/"], skus


@pytest.fixture
def shopper_client():
    """A logged-in shopper with goods in the cart, a CSRF cookie and a session cookie."""
    client = Client()
    client.force_login(UserFactory(username="page_leak_probe"))
    sku = SKUFactory(category=make_category("新鲜水果", "fruit"))
    assert client.post("/cart/add/", {"sku_id": sku.pk, "count": 3}).json()["cart_count"] == 1
    assert client.get("/session/").json()["cart_count"] == 1
    return client


def test_pages_carry_nothing_personal_or_live(shop_pages, shopper_client):
    paths, skus = shop_pages
    secrets = [
        "page_leak_probe",
        "csrfmiddlewaretoken",
        shopper_client.cookies[settings.CSRF_COOKIE_NAME].value,
        shopper_client.cookies[settings.SESSION_COOKIE_NAME].value,
        str(STOCK),
        str(SALES),
    ]
    for path in paths:
        response = shopper_client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert [secret for secret in secrets if secret in html] == [], path
        assert f'data-sku-id="{skus[0].pk}"' in html, path  # what the script fills in
        assert 'max="' not in html and " disabled" not in html, path


def test_a_shopper_with_a_cart_gets_the_bytes_a_guest_gets(shop_pages, shopper_client):
    paths, _skus = shop_pages
    guest = Client()
    for path in paths:
        guest_page, shopper_page = guest.get(path), shopper_client.get(path)
        assert guest_page.content == shopper_page.content, path
        # nor do they hand out cookies: /session/ gives the CSRF cookie
        assert settings.CSRF_COOKIE_NAME not in guest_page.cookies, path
        assert settings.CSRF_COOKIE_NAME not in shopper_page.cookies, path


def test_the_no_script_page_links_to_log_in_and_back(shop_pages):
    paths, _skus = shop_pages
    html = Client().get("/fruit/?sort=price&page=1").content.decode()
    assert 'href="/accounts/login/?next=/fruit/%3Fsort%3Dprice%26page%3D1"' in html
    assert 'href="/accounts/register/"' in html and 'href="/accounts/"' in html
    assert '<a href="/categories/">全部商品分类</a>' in html  # the navigation without its fragment
