"""Goods facts of fresh produce: shown on the detail page, editable in the admin, and the storage
rule (goods no colder than their category, which is how they travel)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog.models import Storage

from .factories import SKUFactory, make_category

pytestmark = pytest.mark.django_db


def category_kept(storage: Storage, slug: str = "seafood"):
    category = make_category(f"分类 {slug}", slug)
    category.storage = storage
    category.save_revision().publish()
    return category


def test_the_detail_page_shows_the_goods_facts(client):
    crab = SKUFactory(
        category=category_kept(Storage.CHILLED),
        origin="江苏苏州",
        shelf_life="鲜活，收货后 2 天内烹饪",
        net_weight="4 只，每只约 150g",
    )
    shrimp = SKUFactory(category=crab.category, sold_by_weight=True, net_weight="约 500g")
    html = client.get(crab.get_absolute_url()).content.decode()
    facts = html[html.index("data-goods-facts") : html.index("</table>")]
    for text in ("产地", "江苏苏州", "储存方式", "冷藏", "冷链配送", "保质期"):
        assert text in facts
    assert "鲜活，收货后 2 天内烹饪" in facts
    assert "4 只，每只约 150g" in facts and "按重量销售" not in facts
    html = client.get(shrimp.get_absolute_url()).content.decode()
    assert "约 500g" in html and "按重量销售" in html


def test_goods_take_their_categorys_storage_unless_given_one():
    frozen = category_kept(Storage.FROZEN, "frozen")
    assert SKUFactory(category=frozen).storage == Storage.FROZEN
    assert SKUFactory(category=frozen, storage=Storage.CHILLED).storage == Storage.CHILLED


@pytest.mark.parametrize(
    ("category_storage", "storage", "allowed"),
    [
        (Storage.CHILLED, Storage.FROZEN, False),  # frozen goods would thaw in the 冷藏 chain
        (Storage.ROOM, Storage.CHILLED, False),
        (Storage.CHILLED, Storage.ROOM, True),  # bananas ride along with the chilled fruit
        (Storage.FROZEN, Storage.FROZEN, True),
        (Storage.CHILLED, "", True),  # left empty: the category's
    ],
)
def test_goods_are_never_kept_colder_than_their_category(category_storage, storage, allowed):
    sku = SKUFactory(category=category_kept(category_storage))
    sku.storage = storage
    if allowed:
        sku.full_clean()
        assert sku.storage == (storage or category_storage)
    else:
        with pytest.raises(ValidationError) as error:
            sku.full_clean()
        assert "storage" in error.value.message_dict


def test_a_category_cannot_become_warmer_than_its_goods():
    category = category_kept(Storage.FROZEN, "frozen")
    SKUFactory(category=category, name="三鲜水饺 500g")
    category.storage = Storage.CHILLED
    with pytest.raises(ValidationError) as error:
        category.full_clean()
    assert "三鲜水饺 500g" in error.value.message_dict["storage"][0]


def test_the_admin_edits_the_facts(admin_client):
    sku = SKUFactory()
    url = reverse("wagtailsnippets_catalog_goodssku:edit", args=[sku.pk])
    html = admin_client.get(url).content.decode()
    for label in ("生鲜信息", "产地", "储存方式", "保质期", "按重量销售", "净含量"):
        assert label in html
