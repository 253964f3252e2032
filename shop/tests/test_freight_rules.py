"""The freight rules (设置 → 运费规则): free from the threshold of the goods after discounts, the
base fee below it, the cold-chain surcharge for goods of a 冷藏/冷冻 category, read afresh by the
next confirmation page and by the order."""

from decimal import Decimal

import pytest
from django.test import Client

from catalog.models import Storage
from catalog.tests.factories import SKUFactory, make_category
from marketing.tests.factories import CampaignFactory
from shop.models import OrderInfo
from shop.pricing import freight_for
from shop.tests.freight_rules import freight_rules_set

from .factories import order_committed, shopper_with_cart

pytestmark = pytest.mark.django_db


def summary_of(items: dict, **fields):
    """The confirmation page of a shopper with ``items`` in the cart: (summary, page text)."""
    user, address = shopper_with_cart(items)
    client = Client()
    client.force_login(user)
    response = client.post("/orders/place/", {"sku_ids": [sku.pk for sku in items], **fields})
    assert response.status_code == 200
    return response.context["summary"], response.content.decode(), (client, address)


def chilled_category():
    category = make_category("海鲜水产", "seafood")
    category.storage = Storage.CHILLED
    category.save_revision().publish()
    return category


@pytest.mark.parametrize(
    ("price", "freight", "gap"),
    [
        (Decimal("99.00"), Decimal("0"), Decimal("0")),  # the threshold itself is free
        (Decimal("98.99"), Decimal("10.00"), Decimal("0.01")),
    ],
)
def test_delivery_is_free_from_the_threshold_on(price, freight, gap):
    summary, text, _ = summary_of({SKUFactory(price=price): 1})
    assert (summary.freight, summary.free_freight_gap, summary.cold_chain_fee) == (
        freight,
        gap,
        Decimal("0"),
    )
    assert ("data-free-freight-gap hidden" in text) is not bool(gap)


def test_the_threshold_looks_at_the_goods_after_the_discount():
    CampaignFactory(threshold_amount=Decimal("100"), threshold_off=Decimal("20"))
    sku = SKUFactory(price=Decimal("55.00"))
    summary, text, (client, address) = summary_of({sku: 2})  # 110 - 20 = 90 < 99
    assert (summary.discount, summary.freight, summary.free_freight_gap) == (
        Decimal("20.00"),
        Decimal("10.00"),
        Decimal("9.00"),
    )
    assert "再买 ¥9.00 免运费" in text
    order = OrderInfo.objects.get(pk=order_committed(client, address=address, skus=[sku]))
    assert (order.freight, order.amount_due) == (Decimal("10.00"), Decimal("100.00"))


def test_goods_of_a_chilled_category_pay_the_cold_chain_surcharge():
    crab = SKUFactory(price=Decimal("40.00"), category=chilled_category())
    apple = SKUFactory(price=Decimal("20.00"))  # the fruit category is 常温 here
    summary, text, (client, address) = summary_of({crab: 1, apple: 1})
    assert (summary.freight, summary.cold_chain_fee, summary.free_freight_gap) == (
        Decimal("16.00"),
        Decimal("6.00"),
        Decimal("39.00"),
    )
    assert "含冷链费 ¥6.00" in text
    order = OrderInfo.objects.get(pk=order_committed(client, address=address, skus=[crab, apple]))
    assert (order.freight, order.amount_due) == (Decimal("16.00"), Decimal("76.00"))


def test_no_surcharge_without_cold_goods_nor_above_the_threshold_unless_the_rules_say_so():
    summary, text, _ = summary_of({SKUFactory(price=Decimal("20.00")): 1})
    assert (summary.freight, summary.cold_chain_fee) == (Decimal("10.00"), Decimal("0"))
    assert "data-cold-chain hidden" in text

    crab = SKUFactory(price=Decimal("120.00"), category=chilled_category())
    summary, _text, _ = summary_of({crab: 1})
    assert (summary.freight, summary.cold_chain_fee) == (Decimal("0"), Decimal("0"))

    freight_rules_set(cold_chain_free_too=False)
    summary, _text, _ = summary_of({crab: 1})
    assert (summary.freight, summary.cold_chain_fee, summary.free_freight_gap) == (
        Decimal("6.00"),
        Decimal("6.00"),
        Decimal("0"),  # buying more would not make it free
    )


def test_editing_the_rules_changes_the_next_confirmation_page():
    sku = SKUFactory(price=Decimal("60.00"))
    summary, _text, _ = summary_of({sku: 1})
    assert (summary.freight, summary.free_freight_gap) == (Decimal("10.00"), Decimal("39.00"))

    freight_rules_set(free_from="150.00", base_fee="12.50")
    summary, text, _ = summary_of({sku: 1})
    assert (summary.freight, summary.free_freight_gap) == (Decimal("12.50"), Decimal("90.00"))
    assert "再买 ¥90.00 免运费" in text

    freight_rules_set(free_from="50.00")
    summary, _text, _ = summary_of({sku: 1})
    assert (summary.freight, summary.free_freight_gap) == (Decimal("0"), Decimal("0"))


def test_the_freight_takes_two_queries_however_many_lines(django_assert_num_queries):
    freight_rules_set()
    categories = [chilled_category().pk, make_category("新鲜蔬菜", "vegetables").pk]
    with django_assert_num_queries(2):  # the rules, whether any category is cold
        freight = freight_for(Decimal("30.00"), category_ids=categories * 20)
    assert (freight.base, freight.cold_chain) == (Decimal("10.00"), Decimal("6.00"))
    with django_assert_num_queries(1):  # free, and the cold chain free too: no need to look
        assert freight_for(Decimal("99.00"), category_ids=categories).total == Decimal("0")
