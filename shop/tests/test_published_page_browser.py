"""In a real browser, on pages served from their published files (the same bytes for everyone):
the script fills in the shopper's name and cart count, the stock, the shared fragments; it
records the goods view, and adds to the cart from a page that set no CSRF cookie."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from accounts.selectors import browsing_history_sku_ids
from accounts.tests.factories import PASSWORD, UserFactory
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
                ("fresh_personal", "u.from-a-login"),
            )
        ]
    )


def calls_to(page, path: str) -> list[str]:
    """Every request to ``path`` the page's script makes from now on (the list grows)."""
    calls = []
    page.on("request", lambda request: calls.append(request.url) if path in request.url else None)
    return calls


def test_a_shopper_sees_their_page_filled_in_and_adds_to_the_cart(
    live_server, shop_page, published, wait_for
):
    berry, cherry = published
    user = UserFactory(username="berry_fan")
    logged_in_without_csrf_cookie(shop_page, live_server, user)
    asked = calls_to(shop_page, "/session/")
    live = calls_to(shop_page, "/goods/live/")
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
    assert len(asked) == 1
    # one /goods/live/ call, after the fragments: the page's goods and the newest goods'
    assert len(live) == 1
    assert {str(berry.pk), str(cherry.pk)} <= set(live[0].split("ids=")[1].split(","))

    # the next page views reuse the answer the tab kept: the marker did not change (the
    # goods-view report leaves it), so no /session/ call
    open_published(shop_page, f"{live_server.url}/goods/{cherry.pk}/")
    expect(shop_page.locator("[data-session-user]")).to_contain_text("berry_fan")
    wait_for(lambda: browsing_history_sku_ids(user_id=user.pk) == [cherry.pk, berry.pk])
    open_published(shop_page, f"{live_server.url}/goods/{berry.pk}/")
    expect(shop_page.locator("[data-session-user]")).to_contain_text("berry_fan")
    expect(shop_page.locator("[data-live-stock]")).to_have_text("37")
    assert len(asked) == 1

    shop_page.locator("#buy-count").fill("2")
    shop_page.locator("[data-add-to-cart]").click()
    expect(shop_page.locator("[data-add-status]")).to_have_text("已加入购物车")
    expect(shop_page.locator("[data-header-cart-count]")).to_have_text("1")
    # the add renewed the marker; its own answer gave the count: still no /session/ call
    open_published(shop_page, f"{live_server.url}/fruit/")
    expect(shop_page.locator("[data-header-cart-count]")).to_have_text("1")
    expect(shop_page.locator("[data-session-user]")).to_contain_text("berry_fan")
    assert len(asked) == 1

    # logging out in another tab, through the form the script built (the CSRF cookie's token)
    other = shop_page.context.new_page()
    open_published(other, f"{live_server.url}/fruit/")
    expect(other.locator("[data-session-user]")).to_contain_text("berry_fan")
    other.get_by_role("button", name="退出").click()
    other.wait_for_load_state("load")
    expect(other.locator("[data-session-guest]")).to_be_visible()
    assert "fresh_personal" not in {cookie["name"] for cookie in shop_page.context.cookies()}
    # this tab's next page: the marker is gone, so the name and the count are too
    open_published(shop_page, f"{live_server.url}/goods/{berry.pk}/")
    expect(shop_page.locator("[data-session-guest]")).to_be_visible()
    expect(shop_page.locator("[data-session-user]")).to_be_hidden()
    expect(shop_page.locator("[data-session-user]")).not_to_contain_text("berry_fan")
    expect(shop_page.locator("[data-header-cart-count]")).to_have_text("0")


def test_a_guest_adds_from_a_page_without_cookies_and_sees_sold_out_goods(
    live_server, shop_page, published
):
    berry, cherry = published
    asked = calls_to(shop_page, "/session/")
    open_published(shop_page, f"{live_server.url}/fruit/")
    assert shop_page.context.cookies() == []  # no marker: no /session/ call, no CSRF cookie
    sold_out = shop_page.locator(".goods-card", has_text="售罄樱桃")
    expect(sold_out.locator("[data-add-to-cart]")).to_be_disabled()
    expect(sold_out.locator("[data-add-status]")).to_have_text("已售罄")
    expect(shop_page.locator("[data-header-cart-count]")).to_have_text("0")
    expect(shop_page.locator("[data-session-guest]")).to_be_visible()
    assert asked == []

    card = shop_page.locator(".goods-card", has_text="丹东草莓")
    card.locator("[data-add-to-cart]").click()  # asks /session/ for a CSRF cookie first
    expect(card.locator("[data-add-status]")).to_have_text("已加入购物车")
    expect(shop_page.locator("[data-header-cart-count]")).to_have_text("1")
    assert len(asked) == 1
    # the guest cart set the marker, and the add's own answer the count the tab keeps
    open_published(shop_page, f"{live_server.url}/goods/{berry.pk}/")
    expect(shop_page.locator("[data-header-cart-count]")).to_have_text("1")
    expect(shop_page.locator("[data-session-guest]")).to_be_visible()
    assert len(asked) == 1

    # the guest logs in: a new marker, so the next page asks once, and shows the merged cart
    UserFactory(username="guest_no_more")
    shop_page.goto(f"{live_server.url}/accounts/login/")
    shop_page.locator("input[name=username]").fill("guest_no_more")
    shop_page.locator("input[name=password]").fill(PASSWORD)
    shop_page.get_by_role("button", name="登 录").click()
    shop_page.wait_for_load_state("load")
    open_published(shop_page, f"{live_server.url}/goods/{cherry.pk}/")
    expect(shop_page.locator("[data-session-user]")).to_contain_text("guest_no_more")
    expect(shop_page.locator("[data-header-cart-count]")).to_have_text("1")
    calls = len(asked)
    open_published(shop_page, f"{live_server.url}/fruit/")
    expect(shop_page.locator("[data-session-user]")).to_contain_text("guest_no_more")
    assert len(asked) == calls
