"""In a real browser: log in, fill the cart, change it, check out part of it, and pay."""

import os
import re
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, AddressFactory, UserFactory
from catalog.models import GoodsSKU
from catalog.tests.factories import SKUFactory, make_category
from shop import redis_cart, services
from shop.models import DeliverySlot, OrderGoods, OrderInfo
from shop.tests.freight_rules import freight_rules_set

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def screenshot(page, name):
    """Set SCREENSHOT_DIR to keep full-page screenshots of the cart and confirmation pages."""
    if directory := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(directory, f"{name}.png"), full_page=True)


def cart_line(page, sku):
    return page.locator(f'[data-line][data-sku-id="{sku.pk}"]')


def test_shopper_fills_cart_checks_out_selected_lines_and_pays(
    live_server, page, redis_flushed, celery_worker, settings
):
    settings.SITE_URL = live_server.url  # where the sandbox gateway sends its notification
    # this order (¥145 of goods) pays freight: delivery is free only from ¥200 here
    freight_rules_set(free_from="200.00")
    fruit = make_category("新鲜水果", "fruit")
    apple = SKUFactory(name="红富士苹果", price=Decimal("12.50"), stock=10, category=fruit)
    pear = SKUFactory(name="库尔勒香梨", price=Decimal("8.00"), stock=20, category=fruit)
    grape = SKUFactory(name="阳光玫瑰葡萄", price=Decimal("30.00"), stock=5, category=fruit)
    user = UserFactory()
    address = AddressFactory(user=user, is_default=True)
    tomorrow = timezone.localdate() + timedelta(days=1)
    slots = [
        DeliverySlot.objects.create(date=tomorrow, starts_at=time(h), ends_at=time(h + 2))
        for h in (9, 11)
    ]
    header_count = page.locator("[data-header-cart-count]")

    # --- log in through the login page
    page.goto(f"{live_server.url}/accounts/login/?next=/fruit/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="登 录").click()
    page.wait_for_url("**/fruit/")
    expect(page.locator(".topbar__name")).to_contain_text(user.username)
    expect(header_count).to_have_text("0")

    # --- "+" on a goods card: the header count changes without a reload
    page.evaluate("window.__sameDocument = true")
    card = page.locator(".goods-card", has_text="红富士苹果")
    card.locator("[data-add-to-cart]").click()
    expect(header_count).to_have_text("1")
    expect(card.locator("[data-add-status]")).to_have_text("已加入购物车")
    assert page.evaluate("window.__sameDocument") is True

    # --- two more from their detail pages, with a count
    for sku, count, distinct in [(pear, 3, "2"), (grape, 2, "3")]:
        page.goto(f"{live_server.url}/goods/{sku.pk}/")
        page.locator("#buy-count").fill(str(count))
        page.get_by_role("button", name="加入购物车").click()
        expect(header_count).to_have_text(distinct)
        expect(page.locator(".detail__buy [data-add-status]")).to_have_text("已加入购物车")
    cart_key = redis_cart.user_cart_key(user.pk)
    assert redis_cart.items(cart_key) == {apple.pk: 1, pear.pk: 3, grape.pk: 2}

    # --- the cart page: +, −, typed counts (one over the stock), untick one line
    page.goto(f"{live_server.url}/cart/")
    expect(page.locator("[data-line]")).to_have_count(3)
    expect(page.locator("[data-total-price]")).to_have_text("¥96.50")  # 12.50 + 24 + 60
    expect(page.locator("[data-total-count]")).to_have_text("6")

    apple_line, pear_line, grape_line = (cart_line(page, sku) for sku in (apple, pear, grape))
    apple_line.get_by_role("button", name="增加").click()
    expect(apple_line.locator("[data-count]")).to_have_value("2")
    expect(apple_line.locator("[data-subtotal]")).to_have_text("¥25.00")
    pear_line.get_by_role("button", name="减少").click()
    expect(pear_line.locator("[data-count]")).to_have_value("2")
    expect(pear_line.locator("[data-subtotal]")).to_have_text("¥16.00")

    grape_count = grape_line.locator("[data-count]")
    grape_count.fill("9")  # only 5 in stock
    grape_count.press("Tab")
    expect(grape_line.locator("[data-line-error]")).to_have_text("库存不足：只剩 5 件。")
    expect(grape_count).to_have_value("2")
    expect(grape_line.locator("[data-subtotal]")).to_have_text("¥60.00")
    grape_count.fill("4")
    grape_count.press("Tab")
    expect(grape_line.locator("[data-subtotal]")).to_have_text("¥120.00")
    expect(grape_line.locator("[data-line-error]")).to_have_text("")
    expect(grape_count).to_have_value("4")
    assert redis_cart.items(cart_key) == {apple.pk: 2, pear.pk: 2, grape.pk: 4}

    expect(page.locator("[data-total-price]")).to_have_text("¥161.00")  # 25 + 16 + 120
    pear_line.locator("[data-select]").uncheck()
    expect(page.locator("[data-total-price]")).to_have_text("¥145.00")  # 25 + 120
    expect(page.locator("[data-total-count]")).to_have_text("6")
    expect(page.locator("[data-select-all]")).not_to_be_checked()
    expect(header_count).to_have_text("3")
    screenshot(page, "checkout-cart")

    # --- the confirmation page: only the two selected lines; pay by the sandbox
    page.get_by_role("button", name="去结算").click()
    page.wait_for_url("**/orders/place/")
    rows = page.locator(".checkout .cart-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("阳光玫瑰葡萄")
    expect(rows.nth(1)).to_contain_text("红富士苹果")
    expect(page.locator(".totals--summary")).to_contain_text("¥155.00")  # 145 + 10 freight
    expect(page.locator("[data-free-freight-gap]")).to_have_text("再买 ¥55.00 免运费")
    expect(page.locator("[data-discount-row]")).to_be_hidden()  # no campaign runs
    expect(page.locator("input[name=addr_id]:checked")).to_have_value(str(address.pk))
    page.get_by_label("沙箱支付").check()
    page.locator(f'input[name=slot_id][value="{slots[1].pk}"]').check()  # tomorrow 11–13
    screenshot(page, "checkout-confirm")
    page.get_by_role("button", name="提交订单").click()

    # --- straight on to the gateway's cashier (the sandbox), which shows the amount
    page.wait_for_url("**/orders/sandbox/gateway/?**")
    expect(page.locator("[data-sandbox-amount]")).to_have_text("¥155.00")

    # --- not paid yet: the orders page shows the new, unpaid order and the time left to pay
    page.goto(f"{live_server.url}/accounts/orders/")
    order = OrderInfo.objects.get(user=user)
    article = page.locator(f'article.order[data-order-id="{order.order_id}"]')
    expect(article.locator("tbody tr")).to_have_count(2)
    expect(article).to_contain_text("红富士苹果")
    expect(article).to_contain_text("阳光玫瑰葡萄")
    expect(article.locator(".order__head .tag")).to_have_text("待支付")
    expect(article.locator(".order__foot")).to_contain_text("¥155.00")
    expect(article.locator("[data-pay-deadline]")).to_contain_text("剩余支付时间")
    assert (order.status, order.pay_method, order.total_count) == ("unpaid", "sandbox", 6)
    assert (order.total_price, order.freight) == (Decimal("145.00"), Decimal("10.00"))
    assert order.delivery_slot_text == f"{tomorrow:%Y-%m-%d} 11:00–13:00"
    expect(article.locator(".order__slot")).to_contain_text("11:00–13:00")
    assert (order.receiver, order.receiver_address) == (address.receiver, address.address)
    assert list(OrderGoods.objects.filter(order=order).values_list("sku_id", "count", "price")) == [
        (apple.pk, 2, Decimal("12.50")),
        (grape.pk, 4, Decimal("30.00")),
    ]
    stock = dict(GoodsSKU.objects.values_list("pk", "stock"))
    assert (stock[apple.pk], stock[pear.pk], stock[grape.pk]) == (8, 20, 1)

    # --- only the unticked line is left in the cart
    assert redis_cart.items(cart_key) == {pear.pk: 2}
    page.goto(f"{live_server.url}/cart/")
    expect(page.locator("[data-line]")).to_have_count(1)
    expect(cart_line(page, pear).locator("[data-count]")).to_have_value("2")
    expect(header_count).to_have_text("1")

    # --- pay: 去付款 → the sandbox gateway → 确认支付 → its signed notification → 支付成功
    page.goto(f"{live_server.url}/accounts/orders/")
    article.get_by_role("button", name="去付款").click()
    page.wait_for_url("**/orders/sandbox/gateway/?**")
    page.get_by_role("button", name="确认支付").click()
    page.wait_for_url(f"**/orders/{order.order_id}/paid/?**")
    expect(page.locator(".section-title")).to_have_text("支付成功", timeout=20_000)
    page.goto(f"{live_server.url}/accounts/orders/")
    expect(article.locator(".order__head .tag")).to_have_text("待发货")
    expect(article.get_by_role("button", name="去付款")).to_have_count(0)
    order.refresh_from_db()
    assert order.status == "paid" and order.paid_amount == Decimal("155.00")
    assert re.fullmatch(r"[0-9]{28}", order.trade_no)

    # --- staff ship it; the shopper confirms receipt and comments on the apples
    services.order_ship(order_id=order.order_id)
    page.reload()
    article.get_by_role("button", name="确认收货").click()
    expect(article.locator(".order__head .tag")).to_have_text("待评价")
    article.get_by_role("link", name="去评价").click()
    page.wait_for_url(f"**/orders/{order.order_id}/comment/")
    page.get_by_label("红富士苹果").fill("脆甜多汁")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_url(f"**/accounts/orders/{order.order_id}/")
    expect(page.locator(".order__head .tag")).to_have_text("已完成")
    expect(page.locator(".order__comment")).to_have_text("我的评价：脆甜多汁")
    screenshot(page, "checkout-order-finished")
