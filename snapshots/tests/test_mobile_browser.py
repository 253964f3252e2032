"""In a real browser at a phone's width (390 px) and a desktop's (1280 px): the homepage, a
list, a goods detail, the cart and the confirmation page fit the viewport (nothing scrolls
sideways), the category nav scrolls instead of being cut off, and list cards keep their unit
clear of the "+" button. Screenshots are kept under var/screenshots/ (CI artifacts)."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, AddressFactory, UserFactory
from catalog.tests.factories import SKUFactory, SPUFactory, make_category, make_image
from home.services import site_root_ensure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
CATEGORIES = [
    ("新鲜水果", "fruit"),
    ("海鲜水产", "seafood"),
    ("猪牛羊肉", "meat"),
    ("禽类蛋品", "eggs"),
    ("新鲜蔬菜", "vegetables"),
    ("速冻食品", "frozen"),
    ("粮油调味", "grocery"),
]


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def check(page, name: str, width: int) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    assert overflow(page) <= 0, f"{name} at {width}px scrolls sideways"


def goods():
    categories = [make_category(title, slug) for title, slug in CATEGORIES]
    fruit = categories[0]
    spu = SPUFactory(name="丹东九九草莓")
    small = SKUFactory(spu=spu, name="丹东九九草莓 500g", unit="500g", category=fruit)
    big = SKUFactory(
        spu=spu, name="丹东九九草莓 1kg 礼盒装", unit="1kg", price=Decimal("55.80"), category=fruit
    )
    for n in range(6):
        SKUFactory(
            name=f"新疆阿克苏冰糖心苹果 {n}",
            unit="5kg/箱",
            price=Decimal("99999.00"),
            category=fruit,
        )
    home = site_root_ensure()
    caption = "草莓节 · 丹东九九草莓 限时特惠 第二件半价"
    home.banners = [
        {
            "type": "banner",
            "value": {"sku": big.pk, "image": make_image("banner").pk, "caption": caption},
        }
    ]
    home.floors = [
        {
            "type": "floor",
            "value": {"category": fruit.pk, "image_goods": [small.pk, big.pk], "text_goods": []},
        }
    ]
    home.save_revision().publish()
    return small, big


@pytest.mark.parametrize("width", [390, 1280])
def test_storefront_pages_fit_the_viewport(live_server, page, width):
    small, big = goods()
    user = UserFactory()
    AddressFactory(user=user, is_default=True)
    page.set_viewport_size({"width": width, "height": 844})

    page.goto(f"{live_server.url}/")
    expect(page.locator(".category-nav li")).to_have_count(len(CATEGORIES) + 1)
    nav = page.locator(".category-nav ul")
    if width == 390:  # more categories than fit: the nav scrolls sideways, the page does not
        assert nav.evaluate("ul => ul.scrollWidth > ul.clientWidth")
        assert nav.evaluate("ul => getComputedStyle(ul).overflowX") == "auto"
    caption = page.locator(".banner-carousel__caption")
    assert caption.evaluate(
        "c => c.scrollWidth <= c.clientWidth && c.scrollHeight <= c.clientHeight"
    )
    check(page, "home", width)

    page.goto(f"{live_server.url}/fruit/")
    card = page.locator(".goods-card").first
    unit, plus = (
        card.locator(".goods-card__unit").bounding_box(),
        card.locator(".goods-card__add").bounding_box(),
    )
    assert unit["x"] + unit["width"] <= plus["x"] or unit["y"] + unit["height"] <= plus["y"]
    check(page, "list", width)

    page.goto(f"{live_server.url}/goods/{small.pk}/")
    count = page.locator("#buy-count")
    count.fill("99999")
    assert count.evaluate("i => i.scrollWidth <= i.clientWidth")  # the whole number shows
    chips = page.locator(".detail__specs").bounding_box()
    assert chips["y"] + chips["height"] <= page.locator(".detail__buy").bounding_box()["y"]
    expect(page.locator(".detail__specs .tag")).to_have_text(
        [re.compile("^丹东九九草莓 500g ¥"), re.compile("^丹东九九草莓 1kg 礼盒装 ¥")]
    )
    check(page, "detail", width)

    page.goto(f"{live_server.url}/accounts/login/?next=/goods/{big.pk}/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="登 录").click()
    page.wait_for_url(f"**/goods/{big.pk}/")
    page.get_by_role("button", name="加入购物车").click()
    expect(page.locator("[data-header-cart-count]")).to_have_text("1")
    page.goto(f"{live_server.url}/cart/")
    check(page, "cart", width)

    page.get_by_role("button", name="去结算").click()
    page.wait_for_url("**/orders/place/")
    check(page, "checkout", width)
