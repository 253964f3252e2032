"""Campaigns and the published pages: a sale starting or ending between two minute jobs has the
pages showing its goods republished with the new price; publishing a campaign (by an editor or
through Wagtail's scheduled publishing) and unpublishing it mark the same pages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.models import Revision

from catalog.tests.factories import make_image
from home.tests.test_homepage import publish_home
from marketing.models import Campaign, CampaignSalePrice
from marketing.tests.factories import CampaignFactory, SalePriceFactory
from snapshots.services import (
    DIRTY_KEYS,
    snapshots_publish_dirty,
    snapshots_publish_scheduled,
    snapshots_tick,
)
from snapshots.storage import SnapshotStorage
from snapshots.tests import test_publish
from snapshots.tests.test_publish import changed, stored

pytestmark = pytest.mark.django_db(transaction=True)

shop = test_publish.shop  # the published shop of the publishing tests (a fixture)

SALE = '¥19.90</span><del class="price--was">'


def dirty(store) -> set[str]:
    return {key.decode() for key in store.smembers(DIRTY_KEYS)}


def sale_keys(sku) -> set[str]:
    fruit = sku.category_id
    return {"home", f"goods:{sku.pk}", f"list:{fruit}", f"newest:{fruit}"}


def test_a_sale_starting_between_two_ticks_republishes_its_pages(shop, wait_for):
    storage = SnapshotStorage()
    strawberry, spinach = shop["skus"][1], shop["skus"][3]
    floor = {"category": shop["fruit"].pk, "image_goods": [strawberry.pk], "text_goods": []}
    banner = {"image": make_image("b").pk, "sku": shop["skus"][0].pk, "caption": "草莓季"}
    publish_home(banners=[banner], floors=[floor])
    starts = timezone.now() + timedelta(seconds=3)
    campaign = CampaignFactory(starts_at=starts, ends_at=starts + timedelta(hours=2))
    SalePriceFactory(campaign=campaign, sku=strawberry, price=Decimal("19.90"))
    snapshots_tick()  # the first tick also republishes the hot lists
    snapshots_publish_dirty()
    before = stored(storage)
    assert SALE not in before[f"goods/{strawberry.pk}/index.html"].decode()
    assert snapshots_tick() == set()  # nothing starts or ends between two ticks before it

    wait_for(lambda: timezone.now() > starts)  # the pages render at the real time
    marked = snapshots_tick()
    snapshots_publish_dirty()
    after = stored(storage)

    assert sale_keys(strawberry) <= marked
    for name in (f"goods/{strawberry.pk}/index.html", "index.html"):
        assert SALE in after[name].decode(), name
    fruit_lists = [n for n in after if n.startswith("fruit/")]
    assert any(SALE in after[name].decode() for name in fruit_lists)
    assert all(SALE not in before[name].decode() for name in fruit_lists)
    assert not {n for n in changed(before, after) if n.startswith(("veg/", f"goods/{spinach.pk}"))}


def test_a_scheduled_campaign_goes_live_through_scheduled_publishing(
    shop,
    redis_flushed,
):
    storage = SnapshotStorage()
    strawberry = shop["skus"][1]
    now = timezone.now()
    campaign = Campaign(
        name="鲜果节", slug="festival", live=False,
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1),
        sale_prices=[CampaignSalePrice(sku=strawberry, price=Decimal("19.90"))],
    )  # fmt: skip
    campaign.save()
    campaign.go_live_at = now + timedelta(hours=1)  # "publish at" in the editor
    revision = campaign.save_revision()
    revision.publish()
    campaign.refresh_from_db()
    assert not campaign.live
    redis_flushed.delete(DIRTY_KEYS)
    # its go-live time has come (the revision holds the time, as its approved go-live)
    past = now - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=past, content=revision.content
    )

    snapshots_publish_scheduled()  # the minute job's first step

    campaign.refresh_from_db()
    assert campaign.live and sale_keys(strawberry) <= dirty(redis_flushed)
    snapshots_publish_dirty()
    assert SALE in storage.read(f"goods/{strawberry.pk}/index.html").decode()


def test_publishing_and_unpublishing_a_campaign_mark_its_pages(shop, redis_flushed):
    storage = SnapshotStorage()
    strawberry = shop["skus"][1]
    campaign = CampaignFactory(live=False)
    SalePriceFactory(campaign=campaign, sku=strawberry, price=Decimal("19.90"))
    campaign = Campaign.objects.get(pk=campaign.pk)
    campaign.save_revision().publish()
    assert sale_keys(strawberry) <= dirty(redis_flushed)
    snapshots_publish_dirty()
    assert SALE in storage.read(f"goods/{strawberry.pk}/index.html").decode()

    redis_flushed.delete(DIRTY_KEYS)
    Campaign.objects.get(pk=campaign.pk).unpublish()
    assert sale_keys(strawberry) <= dirty(redis_flushed)
    snapshots_publish_dirty()
    assert SALE not in storage.read(f"goods/{strawberry.pk}/index.html").decode()
