"""In a real browser: the cart's wording, its kept selection, the hint at 1 and a steady table."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from catalog.tests.factories import SKUFactory, make_category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cart_counts_lines_and_units_keeps_unchecked_lines_and_explains_minus_at_one(
    live_server, page
):
    fruit = make_category("新鲜水果", "fruit")
    apple = SKUFactory(name="红富士苹果", price=Decimal("12.50"), stock=3, category=fruit)
    pear = SKUFactory(name="库尔勒香梨", price=Decimal("8.00"), stock=20, category=fruit)
    header_count = page.locator("[data-header-cart-count]")
    for sku, count, lines in [(apple, 1, "1"), (pear, 2, "2")]:  # as a guest
        page.goto(f"{live_server.url}/goods/{sku.pk}/")
        page.locator("#buy-count").fill(str(count))
        page.get_by_role("button", name="加入购物车").click()
        expect(header_count).to_have_text(lines)
    expect(header_count).to_have_attribute("title", "购物车里有 2 种商品")  # lines, said so

    page.goto(f"{live_server.url}/cart/")
    expect(page.locator(".cart__summary")).to_have_text("共 2 种商品，3 件")
    expect(page.locator(".totals")).to_contain_text("已选 2 种商品，3 件")

    pear_line = page.locator(f'[data-line][data-sku-id="{pear.pk}"]')
    pear_line.locator("[data-select]").uncheck()
    expect(page.locator(".totals")).to_contain_text("已选 1 种商品，1 件")
    page.reload()
    expect(pear_line.locator("[data-select]")).not_to_be_checked()  # kept over the reload
    expect(page.locator("[data-total-price]")).to_have_text("¥12.50")
    expect(page.locator(".cart__summary")).to_have_text("共 2 种商品，3 件")

    apple_line = page.locator(f'[data-line][data-sku-id="{apple.pk}"]')
    table = page.locator(".cart-table")
    before = table.bounding_box()
    apple_line.get_by_role("button", name="减少").click()  # at 1: nothing happens, and why
    expect(apple_line.locator("[data-line-error]")).to_contain_text("最少 1 件")
    expect(apple_line.locator("[data-count]")).to_have_value("1")
    count = apple_line.locator("[data-count]")
    count.fill("9")  # only 3 in stock: the server's error, in the reserved space
    count.press("Tab")
    expect(apple_line.locator("[data-line-error]")).to_contain_text("库存不足")
    assert table.bounding_box() == before  # the table did not move or grow
