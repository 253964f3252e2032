"""What the account forms accept: ASCII digits only, and no megabytes echoed back."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from accounts.models import Address

from .factories import UserFactory

pytestmark = pytest.mark.django_db

ADDRESSES_URL = reverse("accounts:addresses")
NEW_ADDRESS = {
    "receiver": "李四",
    "address": "上海市浦东新区世纪大道100号",
    "zip_code": "200120",
    "phone": "13912345678",
}


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
