"""In a real browser: a published page made before a sale began (or ended) shows the price of
now, as live.js fills it from /goods/live/ — the struck list price added or taken away."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from catalog.tests.factories import SKUFactory, make_category
from marketing.models import Campaign
from marketing.tests.factories import CampaignFactory, SalePriceFactory
from snapshots.services import snapshots_publish_all
from snapshots.storage import SnapshotStorage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def card_prices(page) -> str:
    card = page.locator(".goods-card", has_text="草莓")
    return card.locator(".goods-card__meta").inner_text()


def test_live_prices_follow_a_sale_the_published_page_does_not_know(live_server, page):
    fruit = make_category("新鲜水果", "fruit")
    strawberry = SKUFactory(category=fruit, name="草莓", price=Decimal("29.90"))
    snapshots_publish_all()  # published before the sale
    campaign = CampaignFactory()
    SalePriceFactory(campaign=campaign, sku=strawberry, price=Decimal("19.90"))

    page.goto(f"{live_server.url}/fruit/")
    page.wait_for_selector(".goods-card del.price--was")
    assert card_prices(page).startswith("¥19.90¥29.90")

    snapshots_publish_all()  # published during the sale; then it ends
    published = SnapshotStorage().read(f"goods/{strawberry.pk}/index.html").decode()
    assert '¥19.90</span><del class="price--was">' in published
    Campaign.objects.filter(pk=campaign.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    page.wait_for_timeout(1100)  # /goods/live/ may be kept a second (max-age=1), as nginx does
    page.goto(f"{live_server.url}/goods/{strawberry.pk}/")
    expect(page.locator(".detail__price .price")).to_have_text("¥29.90")
    expect(page.locator(".detail__price del.price--was")).to_have_count(0)
