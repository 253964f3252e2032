"""In a real browser: from the homepage, through a category, to a goods detail page."""

import pytest

from catalog.tests.factories import SKUFactory, make_category, make_image

from .test_homepage import publish_home

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_click_from_homepage_to_category_and_detail(live_server, page):
    fruit = make_category("新鲜水果", "fruit")
    strawberry = SKUFactory(name="丹东草莓", category=fruit)
    grape = SKUFactory(name="阳光玫瑰葡萄", category=fruit)
    publish_home(
        banners=[{"sku": grape.pk, "image": make_image("banner").pk, "caption": "葡萄上市"}],
        floors=[{"category": fruit.pk, "image_goods": [strawberry.pk], "text_goods": [grape.pk]}],
    )

    page.goto(f"{live_server.url}/")
    page.locator(".floor .goods-card__name a", has_text="丹东草莓").click()
    page.wait_for_url(f"**/goods/{strawberry.pk}/")
    assert page.locator("h1").inner_text() == "丹东草莓"

    page.locator(".breadcrumbs a", has_text="新鲜水果").click()
    page.wait_for_url("**/fruit/")
    page.locator(".sort-bar a", has_text="价格").click()
    page.wait_for_url("**/fruit/?sort=price")
    page.locator(".goods-card__name a", has_text="阳光玫瑰葡萄").click()
    assert page.locator("h1").inner_text() == "阳光玫瑰葡萄"
