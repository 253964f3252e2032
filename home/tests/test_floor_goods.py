"""A homepage floor lists a goods once: not in its text links when it has a picture there."""

import pytest

from catalog.tests.factories import SKUFactory, make_category

from .test_homepage import publish_home

pytestmark = pytest.mark.django_db


def test_a_pictured_goods_is_not_repeated_in_the_text_links(client):
    fruit = make_category("新鲜水果", "fruit")
    strawberry = SKUFactory(name="丹东草莓", category=fruit)
    grape = SKUFactory(name="阳光玫瑰葡萄", category=fruit)
    publish_home(
        floors=[
            {
                "category": fruit.pk,
                "image_goods": [strawberry.pk],
                "text_goods": [strawberry.pk, grape.pk],
            }
        ]
    )

    floor = client.get("/").context["floors"][0]

    assert [sku.name for sku in floor["image_goods"]] == ["丹东草莓"]
    assert [sku.name for sku in floor["text_goods"]] == ["阳光玫瑰葡萄"]
