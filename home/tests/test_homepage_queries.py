"""The homepage costs the same number of queries however many goods its blocks show: rendered
as the publisher renders it, a shop window over 3 goods and one over 40 run the same queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.tests.factories import SKUFactory, make_category, make_image
from catalog.tests.test_render_queries import render
from home.services import site_root_ensure

pytestmark = pytest.mark.django_db


def shop_window(skus) -> None:
    """Banners, promotions and floors over ``skus``: more of each for a bigger catalog."""
    home = site_root_ensure()
    categories = [make_category(f"分类{n}", f"category-{n}") for n in range(len(skus) // 10 + 1)]
    home.banners = [
        {"type": "banner", "value": {"sku": sku.pk, "image": make_image(f"b{sku.pk}").pk}}
        for sku in skus[:5]
    ]
    home.promotions = [
        {
            "type": "promotion",
            "value": {"name": f"特惠{n}", "page": category.pk, "image": make_image("p").pk},
        }
        for n, category in enumerate(categories)
    ]
    home.floors = [
        {
            "type": "floor",
            "value": {
                "category": category.pk,
                "image_goods": [sku.pk for sku in skus[n * 10 : n * 10 + 4]],
                "text_goods": [sku.pk for sku in skus[n * 10 + 4 : n * 10 + 10] or skus[:6]],
            },
        }
        for n, category in enumerate(categories)
    ]
    home.save_revision().publish()


def homepage_queries() -> int:
    render("/")  # pictures get their renditions made once, as on a first publish
    cache.clear()  # cold, as the publisher renders
    with CaptureQueriesContext(connection) as captured:
        assert render("/").status_code == 200
    return len(captured)


def test_the_homepage_runs_as_many_queries_for_3_goods_as_for_40():
    fruit = make_category("新鲜水果", "fruit")
    skus = [SKUFactory(category=fruit) for _ in range(3)]
    shop_window(skus)
    small = homepage_queries()

    skus += [SKUFactory(category=fruit) for _ in range(37)]
    shop_window(skus)
    html = render("/").content.decode()
    assert html.count('class="floor"') == 5 and html.count("banner-carousel__slide") == 5
    assert homepage_queries() == small
