"""Sale prices where goods show a price: the current (sale) price, and the list price struck
through while the sale runs; priced in bulk (one query a page, whatever its goods)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.tests.factories import SKUFactory, SPUFactory, make_category
from catalog.tests.test_render_queries import queries, render
from marketing.tests.factories import CampaignFactory, SalePriceFactory

pytestmark = pytest.mark.django_db

D = Decimal
WAS = '<del class="price--was">¥29.90</del>'


@pytest.fixture
def fruit():
    return make_category("新鲜水果", "fruit")


@pytest.fixture
def strawberry(fruit):
    return SKUFactory(category=fruit, name="草莓", price=D("29.90"))


def on_sale(sku, price="19.90", **campaign):
    SalePriceFactory(sku=sku, price=D(price), campaign=CampaignFactory(**campaign))


def html(path, query=None) -> str:
    return render(path, query).content.decode()


def test_list_page_and_newest_goods_show_the_sale_price_and_the_list_price_struck(
    fruit, strawberry
):
    plain = SKUFactory(category=fruit, name="葡萄", price=D("15.00"))
    on_sale(strawberry)
    page = html("/fruit/")
    assert f'<span class="price goods-card__price">¥19.90</span>{WAS}' in page
    assert "¥15.00</span><span" in page  # not on sale: no struck price
    assert page.count("price--was") == 1
    newest = html(reverse("catalog:newest_fragment", args=[fruit.pk]))
    assert f'<span class="price" data-live-price>¥19.90</span>{WAS}' in newest
    assert plain.name in newest


def test_goods_page_and_its_spec_chips_show_sale_prices(fruit, strawberry):
    bigger = SKUFactory(category=fruit, spu=strawberry.spu, name="草莓 1kg", price=D("50.00"))
    on_sale(bigger, "40.00")
    on_sale(strawberry)
    page = html(f"/goods/{strawberry.pk}/")
    assert f"data-live-price>¥19.90</span>{WAS}" in page
    assert '草莓 1kg ¥40.00 <del class="price--was">¥50.00</del></a>' in page
    # every chip the same way: the SKU's name, its price, the list price struck through
    assert f'{strawberry.name} ¥19.90 <del class="price--was">¥29.90</del></span>' in page


def test_outside_its_window_a_sale_shows_nowhere(fruit, strawberry):
    now = timezone.now()
    on_sale(strawberry, starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=2))
    on_sale(strawberry, starts_at=now - timedelta(hours=2), ends_at=now - timedelta(hours=1))
    on_sale(strawberry, live=False)  # a draft campaign
    for page in (html("/fruit/"), html(f"/goods/{strawberry.pk}/")):
        assert "¥29.90" in page and "price--was" not in page and "¥19.90" not in page


def test_a_sale_costs_each_published_page_no_query_however_many_goods_it_touches(fruit):
    spu = SPUFactory()
    skus = [SKUFactory(category=fruit, spu=spu) for _ in range(5)]
    paths = [("/fruit/", None), (f"/goods/{skus[0].pk}/", None), ("/fruit/", {"sort": "hot"})]
    before = [queries(path, query) for path, query in paths]
    campaign = CampaignFactory()
    for sku in skus:
        SalePriceFactory(campaign=campaign, sku=sku, price=D("1.00"))
    SalePriceFactory(campaign=campaign, sku=None, category=fruit, price=None, percent=80)
    assert [queries(path, query) for path, query in paths] == before
    assert html("/fruit/").count("price--was") == 5


def test_live_figures_give_the_current_and_the_list_price(client, fruit, strawberry):
    plain = SKUFactory(category=fruit, price=D("15.00"))
    SalePriceFactory(sku=None, category=fruit, price=None, percent=80)
    goods = client.get(f"/goods/live/?ids={strawberry.pk},{plain.pk}").json()["goods"]
    assert (goods[str(strawberry.pk)]["price"], goods[str(strawberry.pk)]["list_price"]) == (
        "23.92",
        "29.90",
    )
    assert goods[str(plain.pk)]["price"] == "12.00"


def test_sort_by_price_follows_the_sale_price(fruit, strawberry):
    SKUFactory(category=fruit, name="葡萄", price=D("25.00"))
    on_sale(strawberry)
    page = html("/fruit/", {"sort": "price"})
    assert page.index("草莓") < page.index("葡萄")
