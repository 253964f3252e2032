"""Goods in the admin (issue 15, point 6): an SPU's page lists its SKUs, sales are read-only,
the SKU chooser shows pictures (a floor's labelled goods: home/tests/test_admin_blocks.py)."""

import json

import pytest
from django.urls import reverse

from .factories import SKUFactory

pytestmark = pytest.mark.django_db


def test_an_spus_edit_page_lists_its_skus_with_links_to_their_edit_pages(admin_client):
    small = SKUFactory(name="草莓 500g")
    large = SKUFactory(name="草莓 1kg", spu=small.spu)
    SKUFactory(name="带鱼")  # another product's
    html = admin_client.get(
        reverse("wagtailsnippets_catalog_goodsspu:edit", args=[small.spu_id])
    ).content.decode()
    for sku in (small, large):
        assert reverse("wagtailsnippets_catalog_goodssku:edit", args=[sku.pk]) in html
        assert sku.name in html
    assert "带鱼" not in html and "规格（SKU）" in html


def test_sales_are_shown_but_not_editable(admin_client):
    sku = SKUFactory(name="草莓 500g", sales=42)
    url = reverse("wagtailsnippets_catalog_goodssku:edit", args=[sku.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="sales"' not in html and "42" in html and "销量" in html
    response = admin_client.post(
        url,
        {
            "spu": sku.spu_id,
            "category": sku.category_id,
            "name": sku.name,
            "price": "29.90",
            "unit": "500g",
            "stock": "10",
            "sales": "9999",
            "image": sku.image_id,
            "is_on_sale": "on",
            "gallery-TOTAL_FORMS": "0",
            "gallery-INITIAL_FORMS": "0",
            "gallery-MIN_NUM_FORMS": "0",
            "gallery-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    sku.refresh_from_db()
    assert (sku.stock, sku.sales) == (10, 42)


def test_the_sku_chooser_shows_each_skus_picture(admin_client, django_assert_max_num_queries):
    skus = [SKUFactory(name=f"草莓 {n}") for n in range(3)]
    url = reverse("wagtailsnippetchoosers_catalog_goodssku:choose")
    html = json.loads(admin_client.get(url).content)["html"]
    assert html.count("<img") >= 3 and "图片" in html
    results = reverse("wagtailsnippetchoosers_catalog_goodssku:choose_results")
    html = admin_client.get(results, {"q": "草莓"}).content.decode()
    for sku in skus:
        assert sku.name in html
    assert html.count("<img") == 3
    with django_assert_max_num_queries(12):  # the renditions come with the rows
        admin_client.get(results, {"q": "草莓"})
