"""The demo's campaign: 鲜果节 (满99减20 on fruit, strawberries at 8 折, a claimable 新人券),
published as marketing would publish it, and the homepage's 鲜果节 tile pointing at it.

Keyed on the campaign's slug: a second run finds it and changes nothing, so what marketing
changed in the admin stays changed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from catalog.models import CategoryPage, GoodsSKU
from home.models import HomePage
from marketing.models import Campaign, CampaignSalePrice, Coupon

from .report import SeedReport

CAMPAIGN_SLUG = "fruit-festival"
CAMPAIGN_DAYS = 365  # a demo runs for a while; its tile hides when the campaign ends
SALE_SKU = "草莓 500g"
COUPON_CODE = "XINREN10"
TILE_NAME = "鲜果节 满99减20"  # the homepage's promotion tile (demo/homepage.py)


def campaign_ensure(
    *,
    categories: dict[str, CategoryPage],
    skus: dict[str, GoodsSKU],
    now: datetime,
    report: SeedReport,
) -> Campaign:
    """The live 鲜果节 campaign, created and published once."""
    campaign = Campaign.objects.filter(slug=CAMPAIGN_SLUG).first()
    if campaign is not None:
        return campaign
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    fruit = categories["fruit"]
    campaign = Campaign(
        name="鲜果节",
        slug=CAMPAIGN_SLUG,
        intro="全场鲜果满99减20，草莓限时8折，新人再领10元券",
        starts_at=today,
        ends_at=today + timedelta(days=CAMPAIGN_DAYS),
        threshold_amount=Decimal("99"),
        threshold_off=Decimal("20"),
        threshold_category=fruit,
        live=False,
    )
    campaign.sale_prices = [CampaignSalePrice(sku=skus[SALE_SKU], percent=80)]
    if not Coupon.objects.filter(code=COUPON_CODE).exists():  # codes are unique shop-wide
        campaign.coupons = [
            Coupon(
                title="新人券 满50减10",
                code=COUPON_CODE,
                amount_off=Decimal("10"),
                min_spend=Decimal("50"),
                per_user_limit=1,
                total_limit=1000,
                claimable=True,
            )
        ]
    campaign.save()
    campaign.save_revision().publish()
    report.campaign_created = True
    return campaign


def promotion_campaign_link(*, home: HomePage, campaign: Campaign) -> bool:
    """Point the homepage's 鲜果节 tile at the campaign, while the tile still has the demo's
    name and no campaign (an editor's choice stays); True when the homepage was republished."""
    home = HomePage.objects.get(pk=home.pk)
    changed = False
    for block in home.promotions:
        if block.value["name"] == TILE_NAME and not block.value.get("campaign"):
            block.value["campaign"] = campaign
            changed = True
    if changed:
        home.save_revision().publish()
    return changed
