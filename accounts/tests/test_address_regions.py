"""Addresses like a Chinese shop (issue 16): province / city / district from the lists, the
street apart, a mobile number, the zip code optional; addresses made before keep working."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from accounts import regions
from accounts.models import Address

from .factories import AddressFactory, UserFactory

pytestmark = pytest.mark.django_db

ADDRESSES_URL = reverse("accounts:addresses")
HAIDIAN = {
    "receiver": "王五",
    "province": "北京市",
    "city": "北京市",
    "district": "海淀区",
    "address": "中关村大街27号",
    "zip_code": "",
    "phone": "13912345678",
}


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def shopper(client, user):
    client.force_login(user)
    return client


def errors_of(html: str, name: str) -> list[str]:
    field = BeautifulSoup(html, "html.parser").find(attrs={"name": name})
    return [span.get_text() for span in field.find_parent("div").select(".field__error")]


def options_of(html: str, name: str) -> list[str]:
    select = BeautifulSoup(html, "html.parser").find("select", attrs={"name": name})
    return [option["value"] for option in select.find_all("option") if option["value"]]


def test_the_lists_cover_provinces_cities_and_districts():
    assert len(regions.provinces()) == 34
    assert {"广东省", "北京市", "新疆维吾尔自治区", "香港特别行政区"} <= set(regions.provinces())
    assert len(regions.cities("广东省")) == 21
    assert "南山区" in regions.districts("广东省", "深圳市")
    assert regions.districts("广东省", "深圳市")[-1] == "其他"
    assert regions.districts("广东省", "东莞市") == []  # no districts: none asked for
    assert sum(len(regions.cities(p)) for p in regions.provinces()) > 380


def test_an_address_without_zip_code_is_saved_with_its_region(shopper, user):
    response = shopper.post(ADDRESSES_URL, HAIDIAN)

    assert response.status_code == 302
    address = Address.objects.get(user=user)
    assert (address.province, address.city, address.district) == ("北京市", "北京市", "海淀区")
    assert address.zip_code == ""
    assert address.full_text() == "北京市海淀区中关村大街27号"  # a municipality said once
    page = shopper.get(ADDRESSES_URL).content.decode()
    assert "北京市海淀区中关村大街27号" in page and "邮编" not in page.split("新增地址")[0]


def test_full_text_joins_province_city_district_and_street():
    address = Address(province="广东省", city="深圳市", district="南山区", address="科技园1号")
    assert address.full_text() == "广东省深圳市南山区科技园1号"
    address.district = "其他"
    assert address.full_text() == "广东省深圳市科技园1号"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phone": "12912345678"}, "phone", "请输入 11 位手机号码。"),
        ({"phone": "139123456789"}, "phone", None),
        ({"zip_code": "10008"}, "zip_code", "邮编为 6 位数字。"),
        ({"province": "火星"}, "province", "请选择省份。"),
        ({"province": ""}, "province", None),
        ({"city": "深圳市"}, "city", "请选择所在城市。"),  # not a city of 北京市
        ({"district": "南山区"}, "district", "请选择所在区县。"),  # not of 北京市
        ({"district": ""}, "district", "请选择所在区县。"),  # 北京市 has districts
        ({"address": ""}, "address", None),
        ({"receiver": ""}, "receiver", None),
    ],
    ids=[
        "phone-not-mobile",
        "phone-12-digits",
        "zip-5-digits",
        "unknown-province",
        "no-province",
        "city-of-another-province",
        "district-of-another-city",
        "no-district",
        "no-street",
        "no-receiver",
    ],
)
def test_invalid_addresses_are_refused(shopper, user, changes, field, message):
    response = shopper.post(ADDRESSES_URL, {**HAIDIAN, **changes})

    assert response.status_code == 400
    errors = errors_of(response.content.decode(), field)
    assert errors and (message is None or message in errors)
    assert not Address.objects.filter(user=user).exists()


def test_a_city_without_districts_takes_none_and_other_fills_a_gap(shopper, user):
    dongguan = {**HAIDIAN, "province": "广东省", "city": "东莞市", "district": ""}
    assert shopper.post(ADDRESSES_URL, dongguan).status_code == 302
    refused = shopper.post(ADDRESSES_URL, {**dongguan, "district": "其他"})
    assert refused.status_code == 400
    other = {**HAIDIAN, "province": "广东省", "city": "深圳市", "district": "其他"}
    assert shopper.post(ADDRESSES_URL, other).status_code == 302
    assert Address.objects.filter(user=user).count() == 2


def test_the_form_offers_the_cities_and_districts_of_the_choice(shopper):
    page = shopper.get(ADDRESSES_URL).content.decode()
    assert "广东省" in options_of(page, "province")
    assert options_of(page, "city") == []
    assert 'id="region-data"' in page and "js/regions.js" in page

    again = shopper.post(ADDRESSES_URL, {**HAIDIAN, "phone": "1"}).content.decode()
    assert options_of(again, "city") == ["北京市"]
    assert "海淀区" in options_of(again, "district")


def test_an_old_address_keeps_its_text_until_edited(shopper, user):
    old = AddressFactory(
        user=user, address="上海市浦东新区世纪大道100号", zip_code="200120", is_default=True
    )
    assert old.full_text() == "上海市浦东新区世纪大道100号"

    assert "上海市浦东新区世纪大道100号" in shopper.get(ADDRESSES_URL).content.decode()
    assert (
        "上海市浦东新区世纪大道100号"
        in shopper.get(reverse("accounts:user_center")).content.decode()
    )
    form = shopper.get(reverse("accounts:address_edit", args=[old.pk])).content.decode()
    street = BeautifulSoup(form, "html.parser").find("input", attrs={"name": "address"})
    assert street["value"] == "上海市浦东新区世纪大道100号"

    edited = {**HAIDIAN, "province": "上海市", "city": "上海市", "district": "浦东新区"}
    edited["address"] = "世纪大道100号"
    response = shopper.post(reverse("accounts:address_edit", args=[old.pk]), edited)
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.full_text() == "上海市浦东新区世纪大道100号"
    assert (old.district, old.address, old.zip_code) == ("浦东新区", "世纪大道100号", "")
