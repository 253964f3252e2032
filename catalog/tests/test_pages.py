"""Category lists, goods detail: shelf filtering, sorting, paging edges, 404s, query budgets."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from catalog.models import GoodsSKU

from .factories import GoodsImageFactory, SKUFactory, make_category

pytestmark = pytest.mark.django_db

LIST_QUERY_BUDGET = 7  # site, route, view restrictions, count, goods, renditions: fixed


def names(response) -> list[str]:
    return [sku.name for sku in response.context["goods_page"].object_list]


@pytest.fixture
def fruit():
    return make_category("新鲜水果", "fruit")


def test_category_lists_only_on_shelf_goods_of_that_category(client, fruit):
    SKUFactory(name="草莓", category=fruit)
    SKUFactory(name="下架苹果", category=fruit, is_on_sale=False)
    SKUFactory(name="带鱼", category=make_category("海鲜水产", "seafood"))
    response = client.get("/fruit/")
    assert response.status_code == 200
    assert names(response) == ["草莓"]
    assert "¥29.90" in response.content.decode()


def test_sorts_with_stable_ties(client, fruit, settings):
    settings.CATALOG_PAGE_SIZE = 2
    a = SKUFactory(name="a", category=fruit, price=Decimal("10"), sales=5)
    b = SKUFactory(name="b", category=fruit, price=Decimal("5"), sales=5)
    c = SKUFactory(name="c", category=fruit, price=Decimal("10"), sales=9)
    d = SKUFactory(name="d", category=fruit, price=Decimal("5"), sales=1)
    # Same created_at for all, so only the id breaks ties in the default sort.
    GoodsSKU.objects.update(created_at=a.created_at)

    def all_pages(sort):
        first = client.get(f"/fruit/?sort={sort}&page=1")
        second = client.get(f"/fruit/?sort={sort}&page=2")
        return names(first) + names(second)

    assert all_pages("default") == [d.name, c.name, b.name, a.name]
    assert all_pages("price") == [b.name, d.name, a.name, c.name]
    assert all_pages("hot") == [c.name, a.name, b.name, d.name]
    assert all_pages("bogus") == all_pages("default")
    html = client.get("/fruit/?sort=price&page=1").content.decode()
    assert 'href="?sort=price&amp;page=2"' in html  # page links keep the sort


@pytest.mark.parametrize(
    ("page", "expected_number"),
    [("1", 1), ("2", 2), ("3", 3), ("999", 3), ("abc", 1), ("0", 1), ("-4", 1), ("", 1)],
)
def test_page_edges_never_fail(client, fruit, settings, page, expected_number):
    settings.CATALOG_PAGE_SIZE = 2
    SKUFactory.create_batch(5, category=fruit)
    response = client.get(f"/fruit/?page={page}")
    assert response.status_code == 200
    assert response.context["goods_page"].number == expected_number


def test_left_column_shows_two_newest(client, fruit):
    SKUFactory.create_batch(3, category=fruit)
    newest = SKUFactory(name="最新", category=fruit)
    fragment = f"/goods/fragments/newest-{fruit.pk}.html"
    assert f'data-fragment="{fragment}"' in client.get("/fruit/").content.decode()
    response = client.get(fragment)
    shown = response.context["newest"]
    assert len(shown) == 2 and shown[0] == newest
    assert f'data-live-id="{newest.pk}"' in response.content.decode()


def count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_queries_do_not_grow_with_the_goods_shown(client, fruit):
    SKUFactory.create_batch(1, category=fruit)
    client.get("/fruit/?sort=hot")  # renditions are made once, on the very first view
    cache.clear()
    cold_one = count_queries(client, "/fruit/?sort=price")
    SKUFactory.create_batch(14, category=fruit)
    client.get("/fruit/?sort=hot")
    cache.clear()
    cold_fifteen = count_queries(client, "/fruit/?sort=price")
    assert cold_one == cold_fifteen <= LIST_QUERY_BUDGET


@pytest.mark.parametrize("page", ["list", "detail"])
def test_new_goods_pictures_are_not_looked_up_again_on_every_view(client, fruit, page):
    # New goods have no renditions yet: the first view makes them. What that view caches must
    # already hold them, or every later view looks each picture up again until it expires.
    goods = SKUFactory.create_batch(3, category=fruit)
    url = "/fruit/" if page == "list" else reverse("catalog:detail", args=[goods[0].pk])
    client.get(url)
    after_first_view = count_queries(client, url)
    cache.clear()
    client.get(url)  # cached again, now that every rendition exists
    assert after_first_view == count_queries(client, url)


def test_catalog_pages_cache_no_fragment_of_their_own(client, fruit):
    # the published page is the cache: one way a catalog page is cached, not two
    SKUFactory(category=fruit)
    for language in ("zh-hans", "en"):
        assert client.get("/fruit/", HTTP_ACCEPT_LANGUAGE=language)["Content-Language"] == language
    assert cache.keys("*template.cache*") == []


def test_detail_shows_goods_specs_gallery_and_breadcrumbs(client, fruit):
    sku = SKUFactory(name="草莓 500g", category=fruit, price=Decimal("12.5"))
    sibling = SKUFactory(name="草莓 1kg", spu=sku.spu, category=fruit)
    SKUFactory(name="下架规格", spu=sku.spu, category=fruit, is_on_sale=False)
    GoodsImageFactory(sku=sku)
    response = client.get(reverse("catalog:detail", args=[sku.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "¥12.50" in html and "新鲜草莓" in html and 'href="/fruit/"' in html
    assert response.context["siblings"] == [sibling]
    assert 'width="' in html and 'height="' in html and 'alt="草莓 500g"' in html


def test_detail_404_for_unknown_and_off_shelf(client, fruit):
    off = SKUFactory(category=fruit, is_on_sale=False)
    assert client.get(reverse("catalog:detail", args=[off.pk])).status_code == 404
    assert client.get(reverse("catalog:detail", args=[999999])).status_code == 404


def test_detail_query_budget(client, fruit, django_assert_max_num_queries):
    sku = SKUFactory(category=fruit)
    GoodsImageFactory.create_batch(3, sku=sku)
    SKUFactory.create_batch(3, spu=sku.spu, category=fruit)
    url = reverse("catalog:detail", args=[sku.pk])
    client.get(url)
    with django_assert_max_num_queries(LIST_QUERY_BUDGET):
        assert client.get(url).status_code == 200
