"""The user center: shipping addresses (exactly one default) and recently viewed goods."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from accounts import selectors, services
from accounts.models import Address

from .factories import AddressFactory, UserFactory

pytestmark = pytest.mark.django_db

ADDRESSES_URL = reverse("accounts:addresses")
NEW_ADDRESS = {
    "receiver": "李四",
    "province": "上海市",
    "city": "上海市",
    "district": "浦东新区",
    "address": "世纪大道100号",
    "zip_code": "200120",
    "phone": "13912345678",
}


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def shopper(client, user):
    client.force_login(user)
    return client


def edit_url(address) -> str:
    return reverse("accounts:address_edit", args=[address.pk])


def delete_url(address) -> str:
    return reverse("accounts:address_delete", args=[address.pk])


def default_url(address) -> str:
    return reverse("accounts:address_default", args=[address.pk])


def defaults_of(user) -> list[int]:
    return list(Address.objects.filter(user=user, is_default=True).values_list("pk", flat=True))


def field_errors(html: str, name: str) -> list[str]:
    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": name})
    return [span.get_text() for span in field.find_parent("div").select(".field__error")]


# --- Access ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", ADDRESSES_URL),
        ("post", ADDRESSES_URL),
        ("get", reverse("accounts:user_center")),
        ("get", reverse("accounts:address_edit", args=[1])),
        ("post", reverse("accounts:address_delete", args=[1])),
        ("post", reverse("accounts:address_default", args=[1])),
    ],
)
def test_pages_need_a_login(client, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


# --- Adding and editing ----------------------------------------------------------------------
def test_first_address_becomes_the_default(shopper, user):
    response = shopper.post(ADDRESSES_URL, NEW_ADDRESS)

    assert response.status_code == 302
    assert response["Location"] == ADDRESSES_URL
    address = Address.objects.get(user=user)
    assert address.is_default
    assert (address.receiver, address.zip_code, address.phone) == ("李四", "200120", "13912345678")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("zip_code", "10008", "邮编为 6 位数字。"),
        ("zip_code", "1000a8", "邮编为 6 位数字。"),
        ("phone", "1391234567", "请输入 11 位手机号码。"),
        ("phone", "23912345678", "请输入 11 位手机号码。"),
    ],
    ids=["zip-5-digits", "zip-letter", "phone-10-digits", "phone-not-mobile"],
)
def test_invalid_address_is_shown_again_with_the_error(shopper, user, field, value, message):
    response = shopper.post(ADDRESSES_URL, {**NEW_ADDRESS, field: value})

    assert response.status_code == 400
    html = response.content.decode()
    assert message in field_errors(html, field)
    assert NEW_ADDRESS["address"] in html  # what was typed is kept
    assert not Address.objects.filter(user=user).exists()


def test_new_address_marked_default_takes_over(shopper, user):
    first = AddressFactory(user=user, is_default=True)

    shopper.post(ADDRESSES_URL, NEW_ADDRESS)
    assert defaults_of(user) == [first.pk]

    shopper.post(ADDRESSES_URL, {**NEW_ADDRESS, "is_default": "1"})
    newest = Address.objects.filter(user=user).latest("created_at")
    assert defaults_of(user) == [newest.pk]
    assert Address.objects.filter(user=user).count() == 3


def test_edit_changes_the_address_but_not_the_default(shopper, user):
    address = AddressFactory(user=user, is_default=True)

    assert shopper.get(edit_url(address)).status_code == 200
    response = shopper.post(edit_url(address), NEW_ADDRESS)

    assert response.status_code == 302
    address.refresh_from_db()
    assert (address.receiver, address.address) == (NEW_ADDRESS["receiver"], NEW_ADDRESS["address"])
    assert address.is_default


def test_invalid_edit_is_refused(shopper, user):
    address = AddressFactory(user=user)

    response = shopper.post(edit_url(address), {**NEW_ADDRESS, "phone": "123"})

    assert response.status_code == 400
    assert "请输入 11 位手机号码。" in field_errors(response.content.decode(), "phone")
    address.refresh_from_db()
    assert address.phone == "13800138000"


# --- Exactly one default ---------------------------------------------------------------------
def test_set_default_moves_the_default(shopper, user):
    first = AddressFactory(user=user, is_default=True)
    second = AddressFactory(user=user)

    response = shopper.post(default_url(second))

    assert response.status_code == 302
    assert defaults_of(user) == [second.pk]
    assert shopper.post(default_url(second)).status_code == 302  # again: no change
    assert defaults_of(user) == [second.pk]
    first.refresh_from_db()
    assert not first.is_default


def test_deleting_the_default_promotes_the_newest_remaining(shopper, user):
    default = AddressFactory(user=user, is_default=True)
    AddressFactory(user=user)
    newest = AddressFactory(user=user)

    response = shopper.post(delete_url(default))

    assert response.status_code == 302
    assert not Address.objects.filter(pk=default.pk).exists()
    assert defaults_of(user) == [newest.pk]


def test_deleting_another_address_keeps_the_default(shopper, user):
    default = AddressFactory(user=user, is_default=True)
    other = AddressFactory(user=user)

    shopper.post(delete_url(other))

    assert defaults_of(user) == [default.pk]


def test_deleting_the_last_address_leaves_none(shopper, user):
    only = AddressFactory(user=user, is_default=True)

    response = shopper.post(delete_url(only))

    assert response.status_code == 302
    assert not Address.objects.filter(user=user).exists()
    assert "还没有收货地址" in shopper.get(ADDRESSES_URL).content.decode()


def test_delete_and_default_need_a_post(shopper, user):
    address = AddressFactory(user=user)

    assert shopper.get(delete_url(address)).status_code == 405
    assert shopper.get(default_url(address)).status_code == 405
    assert Address.objects.filter(pk=address.pk).exists()


# --- Other people's addresses ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "url_of"),
    [
        ("get", edit_url),
        ("post", edit_url),
        ("post", delete_url),
        ("post", default_url),
    ],
    ids=["view-edit", "edit", "delete", "set-default"],
)
def test_another_users_address_is_not_found(shopper, user, method, url_of):
    own = AddressFactory(user=user, is_default=True)
    theirs = AddressFactory(is_default=True)
    theirs_before = Address.objects.filter(pk=theirs.pk).values().get()

    response = getattr(shopper, method)(url_of(theirs), NEW_ADDRESS if method == "post" else None)

    assert response.status_code == 404
    assert Address.objects.filter(pk=theirs.pk).values().get() == theirs_before
    assert defaults_of(user) == [own.pk]


# --- User center -----------------------------------------------------------------------------
def test_user_center_shows_the_default_address(shopper, user):
    AddressFactory(user=user, address="旧地址", phone="13700000000")
    AddressFactory(user=user, address="北京市朝阳区建国路1号", phone="13600000000", is_default=True)

    html = shopper.get(reverse("accounts:user_center")).content.decode()

    assert "13600000000" in html and "北京市朝阳区建国路1号" in html
    assert "13700000000" not in html and "旧地址" not in html


def test_user_center_without_an_address_says_not_set(shopper):
    html = shopper.get(reverse("accounts:user_center")).content.decode()

    assert html.count("未设置") == 2


# --- Recently viewed -------------------------------------------------------------------------
def test_history_is_newest_first_without_duplicates_and_capped(user, redis_flushed, settings):
    for sku_id in [1, 2, 3, 2, 4, 5, 6, 7, 3]:
        services.browsing_history_record(user_id=user.pk, sku_id=sku_id)

    assert settings.BROWSING_HISTORY_SIZE == 5
    assert selectors.browsing_history_sku_ids(user_id=user.pk) == [3, 7, 6, 5, 4]
    assert redis_flushed.lrange(f"history_{user.pk}", 0, -1) == [b"3", b"7", b"6", b"5", b"4"]


def test_history_is_kept_per_user(user):
    other = UserFactory()
    services.browsing_history_record(user_id=user.pk, sku_id=10)
    services.browsing_history_record(user_id=other.pk, sku_id=20)

    assert selectors.browsing_history_sku_ids(user_id=user.pk) == [10]
    assert selectors.browsing_history_sku_ids(user_id=other.pk) == [20]
    assert selectors.browsing_history_sku_ids(user_id=UserFactory().pk) == []
