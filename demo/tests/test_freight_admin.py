"""Editors (编辑) keep the freight rules in the admin (设置 → 运费规则); marketing does not."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import Site

from shop.site_settings import FreightSettings

from .test_roles import staff  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_an_editor_changes_the_freight_rules_and_marketing_cannot(client, staff):  # noqa: F811
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["shop", "freightsettings", site.pk])
    client.force_login(staff["marketing"])
    assert client.get(url).status_code in (302, 403)

    client.force_login(staff["editor"])
    page = client.get(url)
    assert page.status_code == 200 and "免运费门槛" in page.content.decode()
    fields = {"free_from": "128.00", "base_fee": "12.00", "cold_chain_fee": "8.00"}
    assert client.post(url, fields).status_code == 302  # cold_chain_free_too unticked

    rules = FreightSettings.load()
    assert (rules.free_from, rules.base_fee, rules.cold_chain_fee) == (
        Decimal("128.00"),
        Decimal("12.00"),
        Decimal("8.00"),
    )
    assert rules.cold_chain_free_too is False
    negative = client.post(url, {**fields, "base_fee": "-1"})
    assert negative.status_code == 200  # the form again, with the error
    assert FreightSettings.load().base_fee == Decimal("12.00")
