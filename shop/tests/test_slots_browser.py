"""In a real browser, on a phone-sized screen: the shopper picks tomorrow 09–11 on the
confirmation page (a full slot cannot be picked), places the order and sees the slot on it."""

import os
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from catalog.tests.factories import SKUFactory, make_category
from shop.models import DeliverySlot, OrderInfo

from .factories import shopper_with_cart

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def screenshot(page, name):
    if directory := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(directory, f"{name}.png"), full_page=True)


def test_shopper_on_a_phone_picks_tomorrow_morning_and_sees_it_on_the_order(live_server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    fruit = make_category("新鲜水果", "fruit")
    sku = SKUFactory(name="红富士苹果", price=Decimal("12.50"), stock=10, category=fruit)
    user, address = shopper_with_cart({sku: 2})
    tomorrow = timezone.localdate() + timedelta(days=1)
    morning = DeliverySlot.objects.create(
        date=tomorrow, starts_at=time(9), ends_at=time(11), capacity=5
    )
    full = DeliverySlot.objects.create(
        date=tomorrow, starts_at=time(11), ends_at=time(13), capacity=1
    )
    DeliverySlot.objects.filter(pk=full.pk).update(booked=1)
    evening = DeliverySlot.objects.create(
        date=tomorrow, starts_at=time(19), ends_at=time(21), capacity=5
    )

    page.goto(f"{live_server.url}/accounts/login/?next=/cart/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="登 录").click()
    page.wait_for_url("**/cart/")
    page.get_by_role("button", name="去结算").click()
    page.wait_for_url("**/orders/place/")

    slots = page.locator("[data-delivery-slots]")
    expect(slots.locator("legend").first).to_contain_text("明天")
    expect(page.locator(f'input[name=slot_id][value="{full.pk}"]')).to_be_disabled()
    expect(slots.locator(f'[data-slot-id="{full.pk}"]')).to_contain_text("已约满")
    # the earliest open slot is preselected; the shopper picks the evening, then the morning
    expect(page.locator(f'input[name=slot_id][value="{morning.pk}"]')).to_be_checked()
    page.locator(f'input[name=slot_id][value="{evening.pk}"]').check()
    page.locator(f'input[name=slot_id][value="{morning.pk}"]').check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "slots-confirm-390")
    page.get_by_label("货到付款").check()
    page.get_by_role("button", name="提交订单").click()
    page.wait_for_url("**/accounts/orders/")

    order = OrderInfo.objects.get(user=user)
    assert order.delivery_slot_id == morning.pk
    slot_text = f"{tomorrow:%Y-%m-%d} 09:00–11:00"
    assert order.delivery_slot_text == slot_text
    assert DeliverySlot.objects.get(pk=morning.pk).booked == 1
    article = page.locator(f'article.order[data-order-id="{order.order_id}"]')
    expect(article.locator(".order__slot")).to_contain_text(slot_text)
    page.goto(f"{live_server.url}/accounts/orders/{order.order_id}/")
    expect(page.locator("dd.order__slot")).to_have_text(slot_text)
    screenshot(page, "slots-order-390")
