"""The footer's pages, the favicon and the page of all categories."""

import pytest
from django.urls import reverse

from catalog.tests.factories import SKUFactory, make_category
from catalog.validators import route_prefixes

pytestmark = pytest.mark.django_db


def test_favicon_is_served_not_a_404(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an .ico file


@pytest.mark.parametrize(
    ("name", "text"), [("terms", "用户使用协议"), ("us", "关于我们"), ("contact", "客服电话")]
)
def test_footer_pages_exist_and_the_footer_links_them(client, name, text):
    response = client.get(reverse("home:about", args=(name,)))

    assert response.status_code == 200
    page = response.content.decode()
    assert text in page
    assert f'href="/about/{name}/"' in page  # every page's footer
    assert 'href="/categories/"' in page


def test_an_unknown_about_page_is_a_404(client):
    assert client.get("/about/nothing/").status_code == 404


def test_register_page_links_the_terms(client):
    assert 'href="/about/terms/"' in client.get(reverse("accounts:register")).content.decode()


def test_all_categories_lists_each_with_its_goods_on_the_shelf(client):
    fruit = make_category("新鲜水果", "fruit")
    seafood = make_category("海鲜水产", "seafood")
    SKUFactory(category=fruit)
    SKUFactory(category=fruit)
    SKUFactory(category=fruit, is_on_sale=False)
    make_category("草稿分类", "draft", live=False)

    response = client.get("/categories/")

    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="{fruit.url}"' in page and f'href="{seafood.url}"' in page
    assert "2 种商品" in page and "0 种商品" in page
    assert "草稿分类" not in page


def test_the_new_routes_are_reserved_for_category_slugs():
    assert {"categories", "about", "favicon.ico"} <= route_prefixes()
