"""In a real browser: 立即购买 on a goods page goes straight to the confirmation page."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, AddressFactory, UserFactory
from catalog.tests.factories import SKUFactory, make_category
from shop import redis_cart

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_buy_now_logs_a_guest_in_then_confirms_this_goods_at_the_chosen_count(live_server, page):
    fruit = make_category("新鲜水果", "fruit")
    apple = SKUFactory(name="红富士苹果", price=Decimal("12.50"), stock=10, category=fruit)
    pear = SKUFactory(name="库尔勒香梨", price=Decimal("8.00"), stock=10, category=fruit)
    user = UserFactory()
    AddressFactory(user=user, is_default=True)
    cart_key = redis_cart.user_cart_key(user.pk)
    redis_cart.change_count(key=cart_key, sku_id=pear.pk, amount=2, stock=10, mode="add")

    page.goto(f"{live_server.url}/goods/{apple.pk}/")
    page.get_by_role("button", name="立即购买").click()  # a guest: the login page first
    page.wait_for_url("**/accounts/login/?next=**")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="登 录").click()
    page.wait_for_url(f"**/goods/{apple.pk}/")

    page.locator("#buy-count").fill("3")
    page.get_by_role("button", name="立即购买").click()
    page.wait_for_url("**/orders/place/")
    rows = page.locator(".checkout .cart-table tbody tr")
    expect(rows).to_have_count(1)  # this goods only, not the pears in the cart
    expect(rows.first).to_contain_text("红富士苹果")
    expect(rows.first).to_contain_text("3")
    assert redis_cart.items(cart_key) == {pear.pk: 2, apple.pk: 3}

    page.goto(f"{live_server.url}/goods/{apple.pk}/")  # again: the line is set, not added to
    page.locator("#buy-count").fill("2")
    page.get_by_role("button", name="立即购买").click()
    page.wait_for_url("**/orders/place/")
    expect(page.locator(".checkout .cart-table tbody tr")).to_have_count(1)
    assert redis_cart.items(cart_key) == {pear.pk: 2, apple.pk: 2}
