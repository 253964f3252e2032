"""Coupons at checkout: the better of coupon and 满减 (or both when the coupon stacks), minimum
spend and category scope, limits per shopper and in total, refusals that leave nothing behind,
and a cancelled order giving its coupon back (in committed transactions, as on MariaDB)."""

from decimal import Decimal

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from catalog.models import GoodsSKU
from catalog.tests.factories import SKUFactory, make_category
from marketing.models import CouponRedemption
from marketing.tests.factories import CampaignFactory, CouponFactory
from shop import redis_cart
from shop.models import OrderInfo
from shop.services import order_cancel, order_refund, orders_cancel_unpaid, payment_record

from .factories import order_commit_answer, order_committed, shopper_with_cart

pytestmark = pytest.mark.django_db(transaction=True)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def buy(items: dict, coupon_code: str = "", pay_method: str = "cod"):
    """A new shopper orders ``{sku: count}`` with ``coupon_code``: (response, user, address)."""
    user, address = shopper_with_cart(items)
    response = order_commit_answer(
        logged_in(user),
        address=address,
        skus=list(items),
        pay_method=pay_method,
        coupon_code=coupon_code,
    )
    return response, user, address


def order_of(response) -> OrderInfo:
    assert response.status_code == 200, response.json()
    return OrderInfo.objects.get(pk=response.json()["order_id"])


def refused(response, words: str) -> None:
    body = response.json()
    assert (response.status_code, body["error"]) == (400, "coupon_unavailable"), body
    assert words in body["message"]


@pytest.fixture
def festival():
    return CampaignFactory(
        name="鲜果节", threshold_amount=Decimal("99"), threshold_off=Decimal("20")
    )


@pytest.fixture
def melon():
    return SKUFactory(name="哈密瓜", price=Decimal("60.00"), stock=100)


def test_a_coupon_better_than_the_threshold_is_used_alone(festival, melon):
    coupon = CouponFactory(
        campaign=festival, amount_off=Decimal("30"), min_spend=Decimal("100"), code="BIG30"
    )
    order = order_of(buy({melon: 2}, "big30")[0])  # codes are read in capitals
    assert (order.discount, order.coupon_code, order.amount_due) == (
        Decimal("30.00"),
        "BIG30",
        Decimal("100.00"),  # 120 - 30 = 90 is below 99 after the discount: freight 10
    )
    assert order.discount_label == f"{coupon.title}（BIG30）"
    [use] = CouponRedemption.objects.all()
    assert (use.order_id, use.coupon_id, use.amount) == (order.pk, coupon.pk, Decimal("30.00"))


def test_a_coupon_worse_than_the_threshold_is_not_spent(festival, melon):
    coupon = CouponFactory(amount_off=Decimal("10"), min_spend=Decimal("50"))
    order = order_of(buy({melon: 2}, coupon.code)[0])
    assert (order.discount, order.coupon_code, order.discount_label) == (
        Decimal("20.00"),
        "",
        "鲜果节 满99减20",
    )
    assert not CouponRedemption.objects.exists()


def test_a_stacking_coupon_adds_to_the_threshold(festival, melon):
    coupon = CouponFactory(amount_off=Decimal("10"), stacks_with_threshold=True)
    order = order_of(buy({melon: 2}, coupon.code)[0])
    assert (order.discount, order.freight, order.amount_due) == (
        Decimal("30.00"),
        Decimal("10.00"),
        Decimal("100.00"),
    )
    assert order.discount_label == f"鲜果节 满99减20；{coupon.title}（{coupon.code}）"
    assert CouponRedemption.objects.get().amount == Decimal("10.00")


def test_below_the_minimum_spend_the_order_is_refused_and_nothing_is_taken(melon):
    coupon = CouponFactory(amount_off=Decimal("10"), min_spend=Decimal("100"))
    response, user, _address = buy({melon: 1}, coupon.code)
    refused(response, "最低消费 ¥100.00")
    assert not OrderInfo.objects.exists() and not CouponRedemption.objects.exists()
    assert GoodsSKU.objects.get(pk=melon.pk).stock == 100
    assert redis_cart.items(redis_cart.user_cart_key(user.pk)) == {melon.pk: 1}


def test_a_coupon_counts_only_the_goods_of_its_category(melon):
    greens = make_category("新鲜蔬菜", "greens")
    cabbage = SKUFactory(category=greens, price=Decimal("8.00"), stock=100)
    coupon = CouponFactory(category=greens, amount_off=Decimal("5"), min_spend=Decimal("20"))

    refused(buy({melon: 2}, coupon.code)[0], "不在该优惠券的适用范围")
    refused(buy({melon: 2, cabbage: 1}, coupon.code)[0], "最低消费")  # 8 of greens
    order = order_of(buy({melon: 1, cabbage: 3}, coupon.code)[0])  # 24 of greens
    assert (order.total_price, order.discount) == (Decimal("84.00"), Decimal("5.00"))


def test_unknown_and_expired_codes_are_refused(melon):
    refused(buy({melon: 2}, "NOSUCHCODE")[0], "没有这张优惠券")
    ended = CouponFactory(campaign=CampaignFactory(live=False))
    refused(buy({melon: 2}, ended.code)[0], "不在使用时间内")


def test_each_shopper_uses_a_coupon_up_to_their_limit(melon):
    coupon = CouponFactory(per_user_limit=1)
    user, address = shopper_with_cart({melon: 1})
    client = logged_in(user)
    order_committed(client, address=address, skus=[melon], coupon_code=coupon.code)
    redis_cart.change_count(
        key=redis_cart.user_cart_key(user.pk), sku_id=melon.pk, amount=1, stock=100, mode="add"
    )
    again = order_commit_answer(client, address=address, skus=[melon], coupon_code=coupon.code)
    refused(again, "您已用完")
    order_of(buy({melon: 1}, coupon.code)[0])  # another shopper still may
    assert CouponRedemption.objects.count() == 2


def test_a_coupon_is_used_up_to_its_total_limit(melon):
    coupon = CouponFactory(total_limit=2)
    for _ in range(2):
        order_of(buy({melon: 1}, coupon.code)[0])
    refused(buy({melon: 1}, coupon.code)[0], "已被领用完")
    assert OrderInfo.objects.filter(coupon_code=coupon.code).count() == 2


@pytest.mark.parametrize("who", ["shopper", "staff", "timeout"])
def test_a_cancelled_order_gives_its_coupon_back(melon, who):
    coupon = CouponFactory(total_limit=1)
    pay_method = "sandbox" if who == "timeout" else "cod"
    response, user, _address = buy({melon: 1}, coupon.code, pay_method=pay_method)
    order = order_of(response)
    refused(buy({melon: 1}, coupon.code)[0], "已被领用完")

    if who == "shopper":
        order_cancel(order_id=order.pk, user=user)
    elif who == "staff":
        order_cancel(order_id=order.pk, staff=UserFactory(is_staff=True), reason="缺货")
    else:
        assert orders_cancel_unpaid(older_than_minutes=-1) == 1

    assert CouponRedemption.objects.get(order_id=order.pk).released_at is not None
    assert GoodsSKU.objects.get(pk=melon.pk).stock == 100
    assert order_of(buy({melon: 1}, coupon.code)[0]).coupon_code == coupon.code
    assert CouponRedemption.objects.filter(released_at__isnull=True).count() == 1


def test_a_discounted_order_is_paid_and_refunded_at_what_is_due(festival, melon):
    response, _user, _address = buy({melon: 2}, pay_method="sandbox")
    order = order_of(response)
    assert order.amount_due == Decimal("100.00")
    payment_record(order_id=order.pk, trade_no="T-DISCOUNT", amount=order.amount_due)
    [line] = order.lines.all()
    staff = UserFactory(is_staff=True, is_superuser=True)

    order_refund(order_id=order.pk, staff=staff, line_ids=[line.pk], reason="坏果")

    order.refresh_from_db()
    # the line's share of the discount is not paid back: 120 of goods, 20 off
    assert order.refunded_amount == Decimal("100.00")
