"""In a real browser, on pages served from their published files (the same bytes for everyone):
the script fills in the shopper's name and cart count, the stock, the shared fragments; it
records the goods view, and adds to the cart from a page that set no CSRF cookie."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from accounts.selectors import browsing_history_sku_ids
from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory, make_category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(VIEWPORTS))
def shop_page(request, browser):
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORTS[request.param])
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


@pytest.fixture
def published(live_server):
    fruit = make_category("新鲜水果", "fruit")
    berry = SKUFactory(name="丹东草莓", category=fruit, stock=37, sales=12)
    cherry = SKUFactory(name="售罄樱桃", category=fruit, stock=0)
    call_command("publish_snapshots", "--all", verbosity=0)
    assert (settings.SNAPSHOT_ROOT / f"goods/{berry.pk}/index.html").exists()
    return berry, cherry


def open_published(page, url):
    response = page.goto(url)
    assert response.ok and response.headers.get("etag"), url  # answered from the file
    assert "set-cookie" not in response.headers, url


def logged_in_without_csrf_cookie(page, live_server, user) -> None:
    """The shopper's session and marker cookies, as a login left them, but no CSRF cookie."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {"name": name, "value": value, "url": live_server.url}
            for name, value in (
                (settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value),
                ("fresh_personal", "1"),
            )
        ]
    )


def test_a_shopper_sees_their_page_filled_in_and_adds_to_the_cart(
    live_server, shop_page, published, wait_for
):
    berry, _cherry = published
    user = UserFactory(username="berry_fan")
    logged_in_without_csrf_cookie(shop_page, live_server, user)
    open_published(shop_page, f"{live_server.url}/goods/{berry.pk}/")

    expect(shop_page.locator("[data-session-user]")).to_contain_text("berry_fan")
    expect(shop_page.locator("[data-session-guest]")).to_be_hidden()
    expect(shop_page.locator("[data-header-cart-count]")).to_have_text("0")
    expect(shop_page.locator("[data-live-stock]")).to_have_text("37")
    expect(shop_page.locator("[data-live-sales]")).to_have_text("12")
    expect(shop_page.locator("#buy-count")).to_have_attribute("max", "37")
    expect(shop_page.locator(".category-nav")).to_contain_text("新鲜水果")
    expect(shop_page.locator("aside.newest")).to_contain_text("售罄樱桃")
    # the script reported the view: it is in the browsing history
    wait_for(lambda: browsing_history_sku_ids(user_id=user.pk) == [berry.pk])

    shop_page.locator("#buy-count").fill("2")
    shop_page.locator("[data-add-to-cart]").click()
    expect(shop_page.locator("[data-add-status]")).to_have_text("已加入购物车")
    expect(shop_page.locator("[data-header-cart-count]")).to_have_text("1")

    # logging out goes through the form the script built, with the CSRF cookie's token
    shop_page.get_by_role("button", name="退出").click()
    shop_page.wait_for_load_state("load")
    expect(shop_page.locator("[data-session-guest]")).to_be_visible()
    assert "fresh_personal" not in {cookie["name"] for cookie in shop_page.context.cookies()}


def test_a_guest_adds_from_a_page_without_cookies_and_sees_sold_out_goods(
    live_server, shop_page, published
):
    berry, cherry = published
    open_published(shop_page, f"{live_server.url}/fruit/")
    assert shop_page.context.cookies() == []  # no marker: no /session/ call, no CSRF cookie
    sold_out = shop_page.locator(".goods-card", has_text="售罄樱桃")
    expect(sold_out.locator("[data-add-to-cart]")).to_be_disabled()
    expect(sold_out.locator("[data-add-status]")).to_have_text("已售罄")
    expect(shop_page.locator("[data-header-cart-count]")).to_have_text("0")
    expect(shop_page.locator("[data-session-guest]")).to_be_visible()

    card = shop_page.locator(".goods-card", has_text="丹东草莓")
    card.locator("[data-add-to-cart]").click()  # asks /session/ for a CSRF cookie first
    expect(card.locator("[data-add-status]")).to_have_text("已加入购物车")
    expect(shop_page.locator("[data-header-cart-count]")).to_have_text("1")
    # the guest cart set the marker: the next published page asks /session/
    open_published(shop_page, f"{live_server.url}/goods/{berry.pk}/")
    expect(shop_page.locator("[data-header-cart-count]")).to_have_text("1")
    expect(shop_page.locator("[data-session-guest]")).to_be_visible()
