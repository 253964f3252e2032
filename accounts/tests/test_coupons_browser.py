"""In a real browser: the 我的优惠券 page's form claims a coupon by its code in place (coupons.js
over POST /accounts/coupons/claim/), and the list then shows it."""

import pytest
from django.conf import settings
from django.test import Client

from marketing.tests.factories import CouponFactory

from .factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logged_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def test_a_shopper_adds_a_coupon_by_its_code(live_server, page):
    CouponFactory(title="新人券", code="XINREN10")
    logged_in(page, live_server, UserFactory())
    page.goto(f"{live_server.url}/accounts/coupons/")
    assert page.locator(".my-coupon").count() == 0

    page.fill("#coupon-code", "nope")
    page.click(".my-coupons-add button[type=submit]")
    status = page.locator("[data-coupon-status]")
    status.filter(has_text="没有这张优惠券").wait_for()
    assert "claim-status--error" in status.get_attribute("class")

    page.fill("#coupon-code", "xinren10")
    page.click(".my-coupons-add button[type=submit]")
    status.filter(has_text="已领取“新人券”").wait_for()
    page.locator(".my-coupon__title", has_text="新人券").wait_for()  # the page shows it after
    assert page.locator(".my-coupon--unusable").count() == 0
