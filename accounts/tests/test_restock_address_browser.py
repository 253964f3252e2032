"""In a real browser: the 到货通知 control of a sold-out goods page (live.js shows it,
restock.js asks; a guest goes to log in) and the address form's cascading selects."""

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import Address, RestockAlert
from catalog.tests.factories import SKUFactory

from .factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logged_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def test_a_sold_out_goods_page_offers_restock_mail(live_server, page):
    sold_out, in_stock = SKUFactory(stock=0), SKUFactory(stock=5)

    page.goto(f"{live_server.url}/goods/{in_stock.pk}/")
    page.locator("[data-live-stock]", has_text="5").wait_for()
    assert page.locator("[data-restock]").is_hidden()

    page.goto(f"{live_server.url}/goods/{sold_out.pk}/")
    page.click("[data-restock-notify]")  # waits until live.js shows it
    page.wait_for_url(f"**/accounts/login/?next=%2Fgoods%2F{sold_out.pk}%2F")

    user = UserFactory()
    logged_in(page, live_server, user)
    page.goto(f"{live_server.url}/goods/{sold_out.pk}/")
    page.click("[data-restock-notify]")
    page.locator("[data-restock-notify]", has_text="已订阅到货通知").wait_for()
    assert RestockAlert.objects.get().user == user


def test_the_address_form_offers_the_cities_and_districts_of_the_choice(live_server, page):
    user = UserFactory()
    logged_in(page, live_server, user)
    page.goto(f"{live_server.url}/accounts/addresses/")

    page.fill("#id_receiver", "赵六")
    page.select_option("#id_province", "广东省")
    page.select_option("#id_city", "深圳市")
    page.select_option("#id_district", "南山区")
    page.select_option("#id_province", "浙江省")  # another province: its own cities
    assert page.input_value("#id_city") == ""
    assert page.locator("#id_city option", has_text="杭州市").count() == 1
    page.select_option("#id_city", "杭州市")
    page.select_option("#id_district", "西湖区")
    page.fill("#id_address", "文三路90号")
    page.fill("#id_phone", "13712345678")
    page.click("form[data-region-form] button[type=submit]")

    page.locator(".address__text", has_text="浙江省杭州市西湖区文三路90号").wait_for()
    address = Address.objects.get(user=user)
    assert (address.province, address.city, address.district) == ("浙江省", "杭州市", "西湖区")
