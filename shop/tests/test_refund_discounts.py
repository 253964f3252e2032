"""A refund of chosen lines gives back what was paid for them: each line keeps its part of the
order's discount from the moment of the order (the 满减 and the coupon each spread over the
lines of their category, to the cent), so the parts sum to the discount and no refund is
refused for a cent lost in rounding."""

from decimal import Decimal

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory, make_category
from marketing.models import CouponRedemption
from marketing.tests.factories import CampaignFactory, CouponFactory
from shop.models import OrderInfo
from shop.pricing import spread
from shop.services import order_refund, payment_record
from shop.tests.freight_rules import freight_rules_set

from .factories import order_commit_answer, shopper_with_cart

pytestmark = pytest.mark.django_db


def paid_order(items: dict, coupon_code: str = "") -> OrderInfo:
    """A new shopper orders ``{sku: count}`` (with ``coupon_code``) and pays it."""
    user, address = shopper_with_cart(items)
    client = Client()
    client.force_login(user)
    response = order_commit_answer(
        client, address=address, skus=list(items), pay_method="sandbox", coupon_code=coupon_code
    )
    assert response.status_code == 200, response.json()
    order = OrderInfo.objects.get(pk=response.json()["order_id"])
    payment_record(order_id=order.pk, trade_no=f"T-{order.pk}", amount=order.amount_due)
    order.refresh_from_db()
    return order


def refund_line(order: OrderInfo, line) -> Decimal:
    staff = UserFactory(is_staff=True, is_superuser=True)
    return order_refund(order_id=order.pk, staff=staff, line_ids=[line.pk], reason="坏果").amount


def test_spread_sums_to_the_amount_to_the_cent():
    assert spread(Decimal("10.00"), [Decimal("40")] * 3) == [
        Decimal("3.34"),
        Decimal("3.33"),
        Decimal("3.33"),
    ]
    assert spread(Decimal("5.00"), [Decimal("0"), Decimal("8")]) == [Decimal("0"), Decimal("5")]
    assert spread(Decimal("9.00"), [Decimal("2"), Decimal("3")]) == [Decimal("2"), Decimal("3")]
    assert spread(Decimal("1.00"), [Decimal("0"), Decimal("0")]) == [Decimal("0")] * 2


@pytest.mark.parametrize(
    ("free_from", "paid"), [("99.00", Decimal("110.00")), ("500.00", Decimal("120.00"))]
)
def test_three_lines_of_40_with_100_off_10_are_each_refunded(free_from, paid):
    """满100减10 on three ¥40 lines: the refunds are 36.67, 36.67 and 36.66, all accepted; with
    freight paid too, they still add up to exactly what the goods cost."""
    freight_rules_set(free_from=free_from)
    CampaignFactory(threshold_amount=Decimal("100"), threshold_off=Decimal("10"))
    skus = [SKUFactory(price=Decimal("40.00"), stock=100) for _ in range(3)]
    order = paid_order(dict.fromkeys(skus, 1))
    assert (order.discount, order.paid_amount) == (Decimal("10.00"), paid)

    refunds = [refund_line(order, line) for line in order.lines.all()]

    assert sorted(refunds) == [Decimal("36.66"), Decimal("36.67"), Decimal("36.67")]
    order.refresh_from_db()
    assert order.refunded_amount == sum(refunds) == Decimal("110.00")


def test_a_coupon_of_one_category_is_kept_back_only_from_its_lines():
    """¥60 of fruit and ¥60 of vegetables with a ¥10 fruit coupon: the vegetables are refunded
    at the ¥60 paid for them, the fruit at ¥50."""
    fruit = SKUFactory(name="苹果", price=Decimal("60.00"), stock=100)
    greens = make_category("新鲜蔬菜", "greens")
    cabbage = SKUFactory(name="白菜", category=greens, price=Decimal("60.00"), stock=100)
    coupon = CouponFactory(
        category=fruit.category, amount_off=Decimal("10"), min_spend=Decimal("50")
    )
    order = paid_order({fruit: 1, cabbage: 1}, coupon.code)
    assert (order.discount, order.paid_amount) == (Decimal("10.00"), Decimal("110.00"))
    lines = {line.name: line for line in order.lines.all()}

    assert refund_line(order, lines["白菜"]) == Decimal("60.00")
    assert refund_line(order, lines["苹果"]) == Decimal("50.00")


def test_a_threshold_of_one_category_is_kept_back_only_from_its_lines():
    fruit = SKUFactory(name="苹果", price=Decimal("100.00"), stock=100)
    greens = make_category("新鲜蔬菜", "greens")
    cabbage = SKUFactory(name="白菜", category=greens, price=Decimal("30.00"), stock=100)
    CampaignFactory(
        threshold_amount=Decimal("99"),
        threshold_off=Decimal("20"),
        threshold_category=fruit.category,
    )
    order = paid_order({fruit: 1, cabbage: 1})
    lines = {line.name: line for line in order.lines.all()}
    assert (lines["苹果"].discount, lines["白菜"].discount) == (Decimal("20.00"), Decimal("0"))
    assert refund_line(order, lines["白菜"]) == Decimal("30.00")


def test_stacked_coupon_and_threshold_parts_sum_to_the_order_discount():
    """满99减20 over all lines and a stacking ¥15 fruit coupon, on odd prices."""
    fruit = SKUFactory(name="苹果", price=Decimal("33.33"), stock=100)
    pear = SKUFactory(name="梨", category=fruit.category, price=Decimal("12.47"), stock=100)
    greens = make_category("新鲜蔬菜", "greens")
    cabbage = SKUFactory(name="白菜", category=greens, price=Decimal("41.09"), stock=100)
    CampaignFactory(threshold_amount=Decimal("99"), threshold_off=Decimal("20"))
    coupon = CouponFactory(
        category=fruit.category,
        amount_off=Decimal("15"),
        min_spend=Decimal("50"),
        stacks_with_threshold=True,
    )
    order = paid_order({fruit: 2, pear: 1, cabbage: 1}, coupon.code)
    lines = list(order.lines.all())

    assert order.discount == Decimal("35.00")
    assert sum(line.discount for line in lines) == order.discount
    assert all(Decimal("0") <= line.discount <= line.subtotal for line in lines)
    assert CouponRedemption.objects.get().amount == Decimal("15.00")
    cabbage_line = next(line for line in lines if line.name == "白菜")
    # the vegetables keep back only their part of the 满减 (41.09 of 120.22 goods)
    assert cabbage_line.discount == Decimal("6.84")
    refunds = [refund_line(order, line) for line in lines]
    assert sum(refunds) == order.total_price - order.discount


def test_an_order_made_before_lines_kept_their_discount_is_never_over_refunded():
    """Lines with no part recorded: the order's discount is spread over them when refunded."""
    CampaignFactory(threshold_amount=Decimal("100"), threshold_off=Decimal("10"))
    skus = [SKUFactory(price=Decimal("40.00"), stock=100) for _ in range(3)]
    order = paid_order(dict.fromkeys(skus, 1))
    order.lines.update(discount=Decimal("0"))  # as the order was written before

    refunds = [refund_line(order, line) for line in order.lines.all()]

    assert sorted(refunds) == [Decimal("36.66"), Decimal("36.67"), Decimal("36.67")]
    assert sum(refunds) == Decimal("110.00")
