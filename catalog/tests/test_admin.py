"""Editors manage goods in the Wagtail admin: list, search, filter, edit, choose in blocks."""

import pytest
from django.urls import reverse

from catalog.models import GoodsSKU

from .factories import SKUFactory, make_category, make_image

pytestmark = pytest.mark.django_db


def test_sku_listing_searches_and_filters(admin_client):
    fruit = make_category("新鲜水果", "fruit")
    seafood = make_category("海鲜水产", "seafood")
    SKUFactory(name="草莓 500g", category=fruit)
    SKUFactory(name="下架草莓", category=fruit, is_on_sale=False)
    SKUFactory(name="带鱼", category=seafood)
    url = reverse("wagtailsnippets_catalog_goodssku:list")

    html = admin_client.get(url).content.decode()
    assert "草莓 500g" in html and "带鱼" in html

    html = admin_client.get(url, {"category": seafood.pk}).content.decode()
    assert "带鱼" in html and "草莓 500g" not in html

    html = admin_client.get(url, {"is_on_sale": "false"}).content.decode()
    assert "下架草莓" in html and "带鱼" not in html

    html = admin_client.get(url, {"q": "带鱼"}).content.decode()
    assert "带鱼" in html and "草莓 500g" not in html


def test_editor_edits_a_sku_with_gallery(admin_client):
    sku = SKUFactory(name="草莓 500g")
    url = reverse("wagtailsnippets_catalog_goodssku:edit", args=[sku.pk])
    assert admin_client.get(url).status_code == 200
    extra = make_image("gallery")
    response = admin_client.post(
        url,
        {
            "spu": sku.spu_id,
            "category": sku.category_id,
            "name": "草莓 1kg",
            "description": "更大份",
            "price": "49.90",
            "unit": "1kg",
            "stock": "10",
            "sales": "0",
            "image": sku.image_id,
            "is_on_sale": "on",
            "gallery-TOTAL_FORMS": "1",
            "gallery-INITIAL_FORMS": "0",
            "gallery-MIN_NUM_FORMS": "0",
            "gallery-MAX_NUM_FORMS": "1000",
            "gallery-0-image": extra.pk,
            "gallery-0-ORDER": "1",
            "gallery-0-id": "",
            "gallery-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    sku = GoodsSKU.objects.get(pk=sku.pk)
    assert sku.name == "草莓 1kg" and sku.gallery.get().image == extra


def test_sku_chooser_lists_goods_for_homepage_blocks(admin_client):
    SKUFactory(name="可选草莓")
    response = admin_client.get(reverse("wagtailsnippetchoosers_catalog_goodssku:choose"))
    assert response.status_code == 200
    results = admin_client.get(
        reverse("wagtailsnippetchoosers_catalog_goodssku:choose_results"), {"q": "草莓"}
    )
    assert "可选草莓" in results.content.decode()


def test_negative_stock_and_zero_price_are_refused_by_the_database():
    from django.db import DataError, IntegrityError, transaction

    sku = SKUFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        GoodsSKU.objects.filter(pk=sku.pk).update(price=0)
    # MySQL's unsigned column refuses a negative number before the check constraint does.
    refused = (IntegrityError, DataError)
    with pytest.raises(refused), transaction.atomic():
        GoodsSKU.objects.filter(pk=sku.pk).update(sales=-1)
    with pytest.raises(refused), transaction.atomic():
        GoodsSKU.objects.filter(pk=sku.pk).update(stock=-1)
