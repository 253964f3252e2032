"""What the account forms accept: ASCII digits only, and no megabytes echoed back."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from accounts.models import Address

from .factories import UserFactory
from .test_addresses import ADDRESSES_URL, NEW_ADDRESS

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper(client):
    client.force_login(UserFactory())
    return client


def field_errors(html: str, name: str) -> list[str]:
    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": name})
    return [span.get_text() for span in field.find_parent("div").select(".field__error")]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("zip_code", "２００１２０"),  # full-width
        ("zip_code", "٢٠٠١٢٠"),  # Arabic-Indic
        ("zip_code", "۲۰۰۱۲۰"),  # extended Arabic-Indic (Persian)
        ("phone", "１３９１２３４５６７８"),
        ("phone", "1٣٩١٢٣٤٥٦٧٨"),
    ],
)
def test_address_digits_are_ascii_only(shopper, field, value):
    response = shopper.post(ADDRESSES_URL, {**NEW_ADDRESS, field: value})

    assert response.status_code == 400
    assert field_errors(response.content.decode(), field)
    assert not Address.objects.exists()


MEGABYTE = "x" * 1_000_000


@pytest.mark.parametrize(
    ("url", "data", "field", "max_length"),
    [
        (
            reverse("accounts:register"),
            {"username": MEGABYTE, "email": "fan@example.com", "allow": "on"},
            "username",
            20,
        ),
        (
            reverse("accounts:register"),
            {"username": "fresh_fan", "email": MEGABYTE + "@example.com", "allow": "on"},
            "email",
            320,
        ),
        (reverse("accounts:login"), {"username": MEGABYTE, "password": "x"}, "username", 150),
    ],
    ids=["register-username", "register-email", "login-username"],
)
def test_a_refused_megabyte_is_not_echoed_back(client, url, data, field, max_length):
    response = client.post(url, data)

    assert response.status_code in (200, 400)
    assert len(response.content) < 100_000
    shown = BeautifulSoup(response.content, "html.parser").find("input", attrs={"name": field})
    assert len(shown["value"]) == max_length
    assert field_errors(response.content.decode(), field)


def test_a_refused_megabyte_in_an_address_is_not_echoed_back(shopper):
    response = shopper.post(ADDRESSES_URL, {**NEW_ADDRESS, "receiver": MEGABYTE})

    assert response.status_code == 400
    assert len(response.content) < 100_000
    assert field_errors(response.content.decode(), "receiver")
    assert not Address.objects.exists()


def test_a_valid_value_is_shown_back_whole(shopper):
    """Only refused values are cut: another field's error keeps what was typed here."""
    response = shopper.post(ADDRESSES_URL, {**NEW_ADDRESS, "phone": "123"})

    shown = BeautifulSoup(response.content, "html.parser").find("input", attrs={"name": "address"})
    assert shown["value"] == NEW_ADDRESS["address"]
