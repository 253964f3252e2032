"""Factories for campaigns: live rows running now (an hour either side) unless told otherwise.

A campaign row with ``live=True`` is what a published campaign is; tests that need drafts,
revisions or scheduled publishing go through Wagtail's own ``save_revision().publish()``."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from marketing.models import Campaign, CampaignSalePrice, Coupon


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"鲜果节 {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    live = True
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=1))


class SalePriceFactory(factory.django.DjangoModelFactory):
    """A SKU at a fixed sale price by default; pass ``percent=80, price=None`` for 8 折, or
    ``sku=None, category=<page>, price=None, percent=…`` for a whole category."""

    class Meta:
        model = CampaignSalePrice

    campaign = factory.SubFactory(CampaignFactory)
    sku = factory.SubFactory("catalog.tests.factories.SKUFactory")
    price = Decimal("19.90")
    percent = None


class CouponFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coupon

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"满50减10 券 {n}")
    code = factory.Sequence(lambda n: f"TESTCPN{n:05d}")
    amount_off = Decimal("10.00")
    min_spend = Decimal("50.00")
    per_user_limit = 1
    total_limit = None
    claimable = True
    stacks_with_threshold = False
