"""In a real browser: the confirmation page takes the shopper's best coupon, reprices when they
choose another (or none, or type a code), and the order is placed with the one shown."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from catalog.tests.factories import SKUFactory
from marketing.services import coupon_claim
from marketing.tests.factories import CampaignFactory, CouponFactory
from shop.models import OrderInfo

from .factories import shopper_with_cart

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_shopper_chooses_a_coupon_on_the_confirmation_page(live_server, page):
    festival = CampaignFactory(
        name="鲜果节", threshold_amount=Decimal("99"), threshold_off=Decimal("20")
    )
    melon = SKUFactory(name="哈密瓜", price=Decimal("60.00"), stock=10)
    user, _address = shopper_with_cart({melon: 2})
    big = CouponFactory(campaign=festival, title="满100减40", amount_off=Decimal("40"))
    coupon_claim(user=user, code=big.code)
    page.goto(f"{live_server.url}/accounts/login/?next=/cart/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="登 录").click()
    page.wait_for_url("**/cart/")
    page.get_by_role("button", name="去结算").click()
    page.wait_for_url("**/orders/place/")

    summary = page.locator("[data-summary]")
    due = summary.locator("[data-amount-due]")
    # the best coupon is taken: 120 - 40 = 80, which pays freight
    expect(page.get_by_label("满100减40", exact=False)).to_be_checked()
    expect(due).to_have_text("¥90.00")
    expect(summary.locator("[data-free-freight-gap]")).to_have_text("再买 ¥19.00 免运费")

    page.get_by_label("不使用优惠券").check()  # the 满减 alone: 100, delivered free
    expect(due).to_have_text("¥100.00")
    expect(summary.locator("[data-discount-label]")).to_have_text("（鲜果节 满99减20）")
    expect(summary.locator("[data-free-freight-gap]")).to_be_hidden()

    page.locator("input[name=coupon_code_typed]").fill("NOSUCHCODE")
    page.get_by_role("button", name="使用").click()
    expect(page.locator("[data-coupon-note]")).to_have_text("没有这张优惠券。")
    expect(due).to_have_text("¥100.00")

    page.locator("input[name=coupon_code_typed]").fill(big.code.lower())
    page.get_by_role("button", name="使用").click()
    expect(due).to_have_text("¥90.00")
    page.get_by_role("button", name="提交订单").click()
    page.wait_for_url("**/accounts/orders/")

    order = OrderInfo.objects.get(user=user)
    assert (order.discount, order.coupon_code, order.amount_due) == (
        Decimal("40.00"),
        big.code,
        Decimal("90.00"),
    )
    expect(page.locator(f'article[data-order-id="{order.pk}"]')).to_contain_text("-¥40.00")
