"""The coupon race: 20 shoppers at once for a coupon limited to 5 uses get exactly 5.

Real threads, each its own shopper (user, cart, address, confirmation key) and database
connection, in committed transactions: the coupon's row lock (``shop.locks.coupon_locked``) in
the order's transaction is what holds the limit (on MariaDB in .ci/run; SQLite's IMMEDIATE
transactions serialise the orders anyway, so it passes there too).
"""

from collections import Counter
from decimal import Decimal

import pytest

from catalog.models import GoodsSKU
from catalog.tests.factories import SKUFactory
from marketing.models import CouponRedemption
from marketing.tests.factories import CouponFactory
from shop.models import OrderInfo

from .factories import shopper_with_cart
from .test_contention import committer, run_together

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("strategy", ["pessimistic", "optimistic", "conditional"])
def test_twenty_shoppers_race_for_a_coupon_of_five_uses(settings, strategy):
    settings.ORDER_STOCK_STRATEGY = strategy
    sku = SKUFactory(price=Decimal("60.00"), stock=1000, sales=0)
    coupon = CouponFactory(amount_off=Decimal("10"), min_spend=Decimal("50"), total_limit=5)
    shoppers = [shopper_with_cart({sku: 1}) for _ in range(20)]

    results = run_together(
        [committer(user, address, [sku], coupon_code=coupon.code) for user, address in shoppers]
    )

    assert Counter(results) == Counter({(200, None): 5, (400, "coupon_unavailable"): 15})
    orders = OrderInfo.objects.all()
    assert [(o.coupon_code, o.discount) for o in orders] == [(coupon.code, Decimal("10.00"))] * 5
    uses = CouponRedemption.objects.filter(coupon=coupon, released_at__isnull=True)
    assert sorted(uses.values_list("order_id", flat=True)) == sorted(o.pk for o in orders)
    # the refused orders were rolled back whole: their stock too
    assert GoodsSKU.objects.filter(pk=sku.pk).values_list("stock", "sales").get() == (995, 5)
