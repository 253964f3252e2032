"""What checkout charges: sale prices at the window's edges (cart, confirmation, the order line,
which keeps its price after the sale), the 满减, free delivery after discounts, and the
confirmation page's coupon choice."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from catalog.tests.factories import SKUFactory
from marketing.clock import pricing_moment
from marketing.services import coupon_claim
from marketing.tests.factories import CampaignFactory, CouponFactory, SalePriceFactory
from shop import redis_cart
from shop.models import OrderInfo
from shop.selectors import cart_lines, order_revenue, selling
from shop.tests.freight_rules import freight_rules_set

from .factories import checkout_token_for, order_committed, shopper_with_cart

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def confirmation(client, skus, **fields):
    response = client.post("/orders/place/", {"sku_ids": [sku.pk for sku in skus], **fields})
    assert response.status_code == 200
    return response


@pytest.fixture
def strawberry_sale():
    """草莓 at ¥30, on sale at ¥24 from a moment tomorrow for two hours; a shopper has 2."""
    starts_at = timezone.now().replace(microsecond=0) + timedelta(days=1)
    campaign = CampaignFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))
    sku = SKUFactory(name="草莓", price=Decimal("30.00"))
    SalePriceFactory(campaign=campaign, sku=sku, price=Decimal("24.00"))
    user, address = shopper_with_cart({sku: 2})
    return campaign, sku, user, address


@pytest.mark.parametrize(
    ("moment", "unit_price", "on_sale"),
    [
        (timedelta(seconds=-1), Decimal("30.00"), False),  # before
        (timedelta(0), Decimal("24.00"), True),  # from its first moment
        (timedelta(hours=2, seconds=-1), Decimal("24.00"), True),
        (timedelta(hours=2), Decimal("30.00"), False),  # its end is outside
    ],
)
def test_cart_and_confirmation_charge_the_price_of_the_moment(
    strawberry_sale, moment, unit_price, on_sale
):
    campaign, sku, user, _address = strawberry_sale
    client = logged_in(user)
    with pricing_moment(campaign.starts_at + moment):
        [line] = cart_lines(cart_key=redis_cart.user_cart_key(user.pk))
        cart = client.get("/cart/").content.decode()
        summary = confirmation(client, [sku]).context["summary"]
    assert line.subtotal == unit_price * 2
    assert f'data-price="{unit_price}"' in cart
    assert ('<del class="price--was">¥30.00</del>' in cart) is on_sale
    assert summary.total_price == unit_price * 2


def test_the_order_line_keeps_its_sale_price_after_the_sale_ends(strawberry_sale):
    campaign, sku, user, address = strawberry_sale
    client = logged_in(user)
    with pricing_moment(campaign.starts_at + timedelta(hours=1)):
        order_id = order_committed(client, address=address, skus=[sku])
    with pricing_moment(campaign.ends_at + timedelta(minutes=1)):
        [line] = cart_lines(cart_key=redis_cart.user_cart_key(user.pk))
        html = client.get(f"/accounts/orders/{order_id}/").content.decode()
    order = OrderInfo.objects.get(pk=order_id)
    assert [(ln.price, ln.count) for ln in order.lines.all()] == [(Decimal("24.00"), 2)]
    assert (order.total_price, order.freight, order.amount_due) == (
        Decimal("48.00"),
        Decimal("10.00"),
        Decimal("58.00"),
    )
    assert line.sku.current_price == Decimal("30.00")  # the goods are back at the list price
    assert "¥24.00" in html and "¥58.00" in html


def test_a_sale_by_percent_of_a_whole_category_prices_the_order(client):
    sku = SKUFactory(price=Decimal("25.00"))
    SalePriceFactory(sku=None, category_id=sku.category_id, price=None, percent=80)
    user, address = shopper_with_cart({sku: 3})
    order = OrderInfo.objects.get(pk=order_committed(logged_in(user), address=address, skus=[sku]))
    assert order.lines.get().price == Decimal("20.00") and order.total_price == Decimal("60.00")


@pytest.fixture
def fruit_festival():
    """鲜果节 满99减20, running now."""
    return CampaignFactory(
        name="鲜果节", threshold_amount=Decimal("99"), threshold_off=Decimal("20")
    )


def test_threshold_discount_at_120_of_goods_and_free_delivery(fruit_festival):
    sku = SKUFactory(price=Decimal("60.00"))
    user, address = shopper_with_cart({sku: 2})
    client = logged_in(user)

    summary = confirmation(client, [sku]).context["summary"]
    order = OrderInfo.objects.get(pk=order_committed(client, address=address, skus=[sku]))

    assert (summary.discount, summary.freight, summary.amount_due) == (
        Decimal("20"),
        Decimal("0"),
        Decimal("100.00"),
    )
    assert (order.total_price, order.discount, order.freight, order.amount_due) == (
        Decimal("120.00"),
        Decimal("20.00"),
        Decimal("0.00"),
        Decimal("100.00"),
    )
    assert order.discount_label == "鲜果节 满99减20" and order.coupon_code == ""
    html = logged_in(user).get(f"/accounts/orders/{order.pk}/").content.decode()
    for shown in ("商品总额", "¥120.00", "优惠（鲜果节 满99减20）", "-¥20.00", "免运费", "¥100.00"):
        assert shown in html


def test_below_the_threshold_no_discount_and_the_page_says_what_buys_free_delivery(
    fruit_festival,
):
    sku = SKUFactory(price=Decimal("60.00"))
    user, _address = shopper_with_cart({sku: 1})
    response = confirmation(logged_in(user), [sku])
    summary = response.context["summary"]
    assert (summary.discount, summary.freight, summary.free_freight_gap) == (
        Decimal("0"),
        Decimal("10.00"),
        Decimal("39.00"),
    )
    assert "再买 ¥39.00 免运费" in response.content.decode()


def test_free_delivery_looks_at_the_amount_after_the_discount(fruit_festival):
    freight_rules_set(free_from="100.00")
    sku = SKUFactory(price=Decimal("55.00"))
    user, address = shopper_with_cart({sku: 2})  # 110 - 20 = 90 < 100
    order = OrderInfo.objects.get(pk=order_committed(logged_in(user), address=address, skus=[sku]))
    assert (order.discount, order.freight, order.amount_due) == (
        Decimal("20.00"),
        Decimal("10.00"),
        Decimal("100.00"),
    )


def test_the_confirmation_takes_the_shoppers_best_coupon_and_reprices_on_a_choice(
    fruit_festival,
):
    sku = SKUFactory(price=Decimal("60.00"))
    user, _address = shopper_with_cart({sku: 2})
    big = CouponFactory(title="大额券", amount_off=Decimal("30"), min_spend=Decimal("100"))
    small = CouponFactory(title="小额券", amount_off=Decimal("5"), min_spend=Decimal("50"))
    for coupon in (big, small):
        coupon_claim(user=user, code=coupon.code)
    client = logged_in(user)

    response = confirmation(client, [sku])
    summary = response.context["summary"]
    assert [coupon for coupon, _saving in summary.coupon_choices] == [big, small]
    assert (summary.applied_coupon_code, summary.discount) == (big.code, Decimal("30"))
    assert "大额券" in response.content.decode() and "小额券" in response.content.decode()

    # the smaller coupon loses to the 满减: the page says so, and keeps the 满减
    priced = client.post("/orders/price/", {"sku_ids": sku.pk, "coupon_code": small.code})
    assert priced.json()["summary"] == {
        "total_price": "120.00",
        "discount": "20.00",
        "freight": "0.00",
        "amount_due": "100.00",
        "free_freight_gap": "0.00",
        "cold_chain_fee": "0.00",
        "discount_label": "鲜果节 满99减20",
        "coupon_code": "",
        "coupon_note": "满减更优惠，本单未使用优惠券。",
    }
    none = client.post("/orders/price/", {"sku_ids": sku.pk, "coupon_code": ""}).json()
    assert none["summary"]["discount"] == "20.00"
    # without script: the coupon form posts the page again, a typed code winning
    page = confirmation(client, [sku], coupon_code="", coupon_code_typed=big.code.lower())
    assert page.context["summary"].applied_coupon_code == big.code
    unknown = confirmation(client, [sku], coupon_code_typed="NOSUCHCODE")
    assert unknown.context["summary"].coupon_note == "没有这张优惠券。"


def test_the_price_endpoint_needs_a_login(client):
    response = client.post("/orders/price/", {"sku_ids": "1"})
    assert response.status_code == 401 and response.json()["error"] == "login_required"


def test_revenue_of_a_discounted_cash_on_delivery_order_is_what_is_due(fruit_festival):
    sku = SKUFactory(price=Decimal("60.00"))
    user, address = shopper_with_cart({sku: 2})
    order_committed(logged_in(user), address=address, skus=[sku])
    [revenue] = OrderInfo.objects.filter(selling()).values_list(order_revenue(), flat=True)
    assert Decimal(revenue).quantize(Decimal("0.01")) == Decimal("100.00")


def test_staff_see_the_discount_on_the_order(admin_client, fruit_festival):
    sku = SKUFactory(price=Decimal("60.00"))
    user, address = shopper_with_cart({sku: 2})
    order_id = order_committed(logged_in(user), address=address, skus=[sku])
    html = admin_client.get(f"/admin/shop/orderinfo/inspect/{order_id}/").content.decode()
    for shown in ("优惠金额", "¥20.00", "鲜果节 满99减20", "实付", "¥100.00"):
        assert shown in html
    listing = admin_client.get("/admin/shop/orderinfo/").content.decode()
    assert "¥100.00" in listing


def test_a_sale_beginning_after_the_confirmation_sends_the_shopper_back_to_it(strawberry_sale):
    """The shopper pays the prices they confirmed, or is told they changed: never a price they
    did not see."""
    campaign, sku, user, address = strawberry_sale
    client = logged_in(user)
    with pricing_moment(campaign.starts_at - timedelta(minutes=1)):
        token = checkout_token_for(client, [sku])  # the page shows ¥30.00
    fields = {"addr_id": address.pk, "pay_method": "cod", "sku_ids": str(sku.pk)}
    with pricing_moment(campaign.starts_at + timedelta(minutes=1)):  # the sale has begun
        refused = client.post("/orders/commit/", {**fields, "checkout_token": token})
        assert (refused.status_code, refused.json()["error"]) == (409, "price_changed")
        assert not OrderInfo.objects.exists()
        sku.refresh_from_db()
        assert sku.stock == 100  # nothing taken
        token = checkout_token_for(client, [sku])  # the page again, now at ¥24.00
        placed = client.post("/orders/commit/", {**fields, "checkout_token": token})
    assert placed.status_code == 200, placed.json()
    assert OrderInfo.objects.get().total_price == Decimal("48.00")


def test_a_threshold_ending_after_the_confirmation_sends_the_shopper_back_to_it(
    fruit_festival,
):
    """满99减20 ends between the page (¥100.00 to pay) and the commit: the order would cost
    ¥120.00, so it is refused until the shopper has seen the new amount."""
    sku = SKUFactory(price=Decimal("60.00"))
    user, address = shopper_with_cart({sku: 2})
    client = logged_in(user)
    with pricing_moment(fruit_festival.ends_at - timedelta(minutes=1)):
        page = confirmation(client, [sku])
    token = page.context["checkout_token"]
    assert 'data-amount-due-value="100.00"' in page.content.decode()
    fields = {"addr_id": address.pk, "pay_method": "cod", "sku_ids": str(sku.pk)}
    with pricing_moment(fruit_festival.ends_at + timedelta(minutes=1)):
        junk = client.post(
            "/orders/commit/", {**fields, "checkout_token": token, "amount_due": "1e3"}
        )
        assert (junk.status_code, junk.json()["error"]) == (400, "invalid_input")
        refused = client.post(
            "/orders/commit/", {**fields, "checkout_token": token, "amount_due": "100.00"}
        )
        assert (refused.status_code, refused.json()["error"]) == (409, "price_changed")
        assert refused.json()["amount_due"] == "120.00"
        assert not OrderInfo.objects.exists()
        sku.refresh_from_db()
        assert sku.stock == 100  # nothing taken
        placed = client.post(
            "/orders/commit/", {**fields, "checkout_token": token, "amount_due": "120.00"}
        )
    assert placed.status_code == 200, placed.json()
    assert OrderInfo.objects.get().amount_due == Decimal("120.00")
