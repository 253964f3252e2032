"""The pricing rules on their own: sale prices at a moment, 满减, coupons, and their limits."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from catalog.models import GoodsSKU
from catalog.pricing import skus_priced
from catalog.tests.factories import SKUFactory, make_category
from marketing.clock import pricing_moment, pricing_now
from marketing.exceptions import CouponUnavailable
from marketing.models import Campaign, CampaignSalePrice, Coupon, snapshot_keys_of
from marketing.selectors import PricedLine, discount_best, sale_prices_at
from marketing.services import coupon_claim, coupon_redemption_record, coupon_release

pytestmark = pytest.mark.django_db

D = Decimal


def campaign(*, starts_in=-60, minutes=120, live=True, **fields) -> Campaign:
    now = timezone.now()
    return Campaign.objects.create(
        name=fields.pop("name", "鲜果节"),
        slug=fields.pop("slug", f"c{Campaign.objects.count() + 1}"),
        starts_at=now + timedelta(minutes=starts_in),
        ends_at=now + timedelta(minutes=starts_in + minutes),
        live=live,
        **fields,
    )


def test_a_sale_price_holds_inside_its_window_only():
    sku = SKUFactory(price=D("29.90"))
    sale = campaign(starts_in=60, minutes=120)
    CampaignSalePrice.objects.create(campaign=sale, sku=sku, percent=80)
    before, inside, after = (sale.starts_at - timedelta(seconds=1), sale.starts_at, sale.ends_at)
    for moment, expected in ((before, None), (inside, D("23.92")), (after, None)):
        assert (
            sale_prices_at(moment).price_of(
                sku_id=sku.pk, category_id=sku.category_id, price=sku.price
            )
            == expected
        ), moment


def test_the_best_offer_wins_and_a_sale_never_raises_a_price():
    fruit = make_category()
    cheap, dear = SKUFactory(price=D("10.00")), SKUFactory(price=D("100.00"))
    CampaignSalePrice.objects.create(campaign=campaign(), category=fruit, percent=90)
    CampaignSalePrice.objects.create(campaign=campaign(), sku=cheap, price=D("12.00"))
    CampaignSalePrice.objects.create(campaign=campaign(), sku=dear, price=D("85.00"))
    skus = skus_priced(list(GoodsSKU.objects.order_by("pk")))
    assert [sku.current_price for sku in skus] == [D("9.00"), D("85.00")]
    # a campaign not published (a draft) prices nothing
    CampaignSalePrice.objects.create(campaign=campaign(live=False), sku=dear, price=D("1.00"))
    assert GoodsSKU.objects.get(pk=dear.pk).current_price == D("85.00")


def test_overlapping_campaigns_give_the_lower_of_a_fixed_price_and_a_percentage():
    sku = SKUFactory(price=D("100.00"))
    CampaignSalePrice.objects.create(campaign=campaign(), sku=sku, price=D("80.00"))
    CampaignSalePrice.objects.create(campaign=campaign(), sku=sku, percent=50)
    assert GoodsSKU.objects.get(pk=sku.pk).current_price == D("50.00")


def test_a_future_moment_prices_as_then():
    sku = SKUFactory(price=D("50.00"))
    sale = campaign(starts_in=24 * 60)
    CampaignSalePrice.objects.create(campaign=sale, sku=sku, price=D("40.00"))
    assert GoodsSKU.objects.get(pk=sku.pk).current_price == D("50.00")
    with pricing_moment(sale.starts_at + timedelta(minutes=30)):
        assert pricing_now() > timezone.now()
        assert GoodsSKU.objects.get(pk=sku.pk).current_price == D("40.00")


def line(price, count=1, category_id=1, sku_id=1):
    return PricedLine(sku_id=sku_id, category_id=category_id, unit_price=D(price), count=count)


def coupon(owner: Campaign, **fields) -> Coupon:
    defaults = {"title": "满50减10", "amount_off": D("10"), "min_spend": D("50")}
    return Coupon.objects.create(campaign=owner, **{**defaults, **fields})


@pytest.fixture
def shopper():
    return User.objects.create_user("buyer", "buyer@example.com", "pw-123456", is_active=True)


def test_threshold_and_coupon_the_better_one_applies(shopper):
    fruit = make_category()
    owner = campaign(threshold_amount=D("99"), threshold_off=D("20"))
    small, big = coupon(owner), coupon(owner, amount_off=D("30"), min_spend=D("100"), code="BIG")
    lines = [line("120.00", category_id=fruit.pk)]
    assert discount_best(lines, user_id=shopper.pk, coupon=None).amount == D("20")
    chosen_small = discount_best(lines, user_id=shopper.pk, coupon=small)
    assert (chosen_small.amount, chosen_small.coupon) == (D("20"), None)
    assert chosen_small.coupon_note  # the shopper is told why their coupon was not used
    chosen_big = discount_best(lines, user_id=shopper.pk, coupon=big)
    assert (chosen_big.amount, chosen_big.coupon) == (D("30"), big)
    big.stacks_with_threshold = True
    big.save()
    assert discount_best(lines, user_id=shopper.pk, coupon=big).amount == D("50")
    # below the threshold nothing applies
    assert discount_best([line("98.99")], user_id=shopper.pk, coupon=None).amount == 0


def test_coupon_scope_and_minimum_spend(shopper):
    fruit, meat = make_category(), make_category("精品肉类", "meat")
    scoped = coupon(campaign(), category=fruit, min_spend=D("50"))
    meat_only = [line("80", category_id=meat.pk)]
    assert discount_best(meat_only, user_id=shopper.pk, coupon=scoped).amount == 0
    mixed = [line("30", category_id=fruit.pk), line("80", category_id=meat.pk, sku_id=2)]
    assert discount_best(mixed, user_id=shopper.pk, coupon=scoped).amount == 0  # 30 < 50
    enough = [line("25", count=2, category_id=fruit.pk), *mixed[1:]]
    assert discount_best(enough, user_id=shopper.pk, coupon=scoped).amount == D("10")


def test_redemption_limits_and_release(shopper):
    once = coupon(campaign(), per_user_limit=1, total_limit=2)
    with transaction.atomic():
        coupon_redemption_record(coupon=once, user=shopper, order_id="A1", amount=D("10"))
    with pytest.raises(CouponUnavailable), transaction.atomic():
        coupon_redemption_record(coupon=once, user=shopper, order_id="A2", amount=D("10"))
    assert coupon_release(order_id="A1") and not coupon_release(order_id="A1")
    with transaction.atomic():  # given back: usable again
        coupon_redemption_record(coupon=once, user=shopper, order_id="A3", amount=D("10"))
    other = User.objects.create_user("other", "o@example.com", "pw-123456", is_active=True)
    third = User.objects.create_user("third", "t@example.com", "pw-123456", is_active=True)
    with transaction.atomic():
        coupon_redemption_record(coupon=once, user=other, order_id="B1", amount=D("10"))
    with pytest.raises(CouponUnavailable), transaction.atomic():  # 2 in total
        coupon_redemption_record(coupon=once, user=third, order_id="C1", amount=D("10"))


def test_claim_by_code(shopper):
    owner = campaign()
    claimable = coupon(owner, code="fresh10")
    assert claimable.code == "FRESH10"  # codes are kept in capitals: typed in any case
    assert coupon_claim(user=shopper, code=" fresh10 ") == claimable
    coupon_claim(user=shopper, code="FRESH10")
    assert shopper.coupon_claims.count() == 1
    with pytest.raises(CouponUnavailable):
        coupon_claim(user=shopper, code="NOPE")
    expired = coupon(campaign(starts_in=-120, minutes=60), code="OLD")
    with pytest.raises(CouponUnavailable):
        coupon_claim(user=shopper, code=expired.code)


def test_campaign_rules_are_checked():
    now = timezone.now()
    bad = Campaign(name="x", slug="x", starts_at=now, ends_at=now, threshold_amount=D("99"))
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert {"ends_at", "threshold_off"} <= set(error.value.message_dict)
    both = CampaignSalePrice(sku_id=1, category_id=2, price=D("1"))
    with pytest.raises(ValidationError):
        both.clean()


def test_snapshot_keys_name_the_goods_their_lists_and_the_homepage():
    fruit = make_category()
    meat = make_category("精品肉类", "meat")
    strawberry = SKUFactory(category=fruit)
    beef = SKUFactory(category=meat)
    owner = campaign()
    CampaignSalePrice.objects.create(campaign=owner, sku=strawberry, price=D("1"))
    CampaignSalePrice.objects.create(campaign=owner, category=meat, percent=90)
    assert snapshot_keys_of([owner.pk]) == {
        "home",
        f"goods:{strawberry.pk}",
        f"list:{fruit.pk}",
        f"newest:{fruit.pk}",
        f"goods:{beef.pk}",
        f"list:{meat.pk}",
        f"newest:{meat.pk}",
    }
