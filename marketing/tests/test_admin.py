"""Campaigns in the Wagtail admin, as the demo roles use them: the 市场 group creates, publishes,
schedules and locks campaigns (sale prices and coupons in inline panels); the 编辑 group does
not see them; a campaign scheduled in the admin goes live through the minute job."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from catalog.models import GoodsSKU
from catalog.tests.factories import SKUFactory
from demo.staff import demo_staff_ensure
from demo.tests.test_roles import menu_labels
from home.services import site_root_ensure
from marketing.models import Campaign
from marketing.tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db
ADD = reverse("wagtailsnippets_marketing_campaign:add")
LIST = reverse("wagtailsnippets_marketing_campaign:list")


@pytest.fixture
def staff():
    home = site_root_ensure()
    return {user.username: user for user, *_rest in demo_staff_ensure(home=home, password="pw")}


def admin_time(moment) -> str:
    """A time as the admin's date-time picker sends it (local time, to the minute)."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def inline_forms(prefix: str, rows: list[dict]) -> dict[str, str]:
    """The fields of an InlinePanel's formset with ``rows`` as new forms."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        data |= {f"{prefix}-{number}-{name}": value for name, value in row.items()}
        data |= {f"{prefix}-{number}-ORDER": str(number + 1), f"{prefix}-{number}-id": ""}
    return data


def campaign_form(*, sku, go_live_at: str = "", **fields) -> dict[str, str]:
    """What the add form posts for 鲜果节: 满99减20, the SKU at 8 折, a coupon; published."""
    now = timezone.now()
    data = {
        "name": "鲜果节",
        "slug": "fruit-festival",
        "intro": "全场鲜果满99减20",
        "starts_at": admin_time(now - timedelta(days=1)),
        "ends_at": admin_time(now + timedelta(days=7)),
        "threshold_amount": "99",
        "threshold_off": "20",
        "threshold_category": "",
        "go_live_at": go_live_at,
        "expire_at": "",
        "action-publish": "action-publish",
        **inline_forms("sale_prices", [{"sku": str(sku.pk), "category": "", "percent": "80"}]),
        **inline_forms(
            "coupons",
            [
                {
                    "title": "新人券",
                    "code": "xinren10",
                    "amount_off": "10",
                    "min_spend": "50",
                    "category": "",
                    "starts_at": "",
                    "ends_at": "",
                    "per_user_limit": "1",
                    "total_limit": "1000",
                    "claimable": "on",
                }
            ],
        ),
    }
    return data | fields


def test_marketing_creates_and_publishes_a_campaign(client, staff):
    sku = SKUFactory(price=Decimal("30.00"))
    client.force_login(staff["marketing"])
    assert client.get(ADD).status_code == 200

    response = client.post(ADD, campaign_form(sku=sku))

    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get(slug="fruit-festival")
    assert campaign.live and campaign.live_revision is not None
    assert (campaign.threshold_amount, campaign.threshold_off) == (Decimal("99"), Decimal("20"))
    coupon = campaign.coupons.get()
    assert (coupon.code, coupon.total_limit, coupon.claimable) == ("XINREN10", 1000, True)
    assert list(campaign.sale_prices.values_list("sku_id", "percent")) == [(sku.pk, 80)]
    assert GoodsSKU.objects.get(pk=sku.pk).current_price == Decimal("24.00")
    listing = client.get(LIST)
    assert listing.status_code == 200 and "鲜果节" in listing.content.decode()
    edit = client.get(reverse("wagtailsnippets_marketing_campaign:edit", args=[campaign.pk]))
    assert edit.status_code == 200 and "XINREN10" in edit.content.decode()


def test_marketing_locks_a_campaign_and_sees_only_its_menus(client, staff):
    campaign = CampaignFactory()
    client.force_login(staff["marketing"])
    lock = reverse("wagtailsnippets_marketing_campaign:lock", args=[campaign.pk])
    assert client.post(lock).status_code == 302
    campaign.refresh_from_db()
    assert campaign.locked and campaign.locked_by == staff["marketing"]
    assert {"营销", "营销活动"} <= menu_labels(staff["marketing"])
    assert "营销" not in menu_labels(staff["editor"])


def test_marketing_cannot_edit_goods(client, staff):
    sku = SKUFactory(name="草莓 500g", price=Decimal("30.00"))
    client.force_login(staff["marketing"])
    edit = reverse("wagtailsnippets_catalog_goodssku:edit", args=[sku.pk])
    assert client.get(edit).status_code in (302, 403)
    assert client.post(edit, {"name": "改名", "price": "1.00"}).status_code in (302, 403)
    sku.refresh_from_db()
    assert (sku.name, sku.price) == ("草莓 500g", Decimal("30.00"))
    chooser = reverse("wagtailsnippetchoosers_catalog_goodssku:choose")
    assert client.get(chooser).status_code == 200  # choosing SKUs for sale prices is reading


def test_an_editor_cannot_open_the_campaigns(client, staff):
    campaign = CampaignFactory()
    client.force_login(staff["editor"])
    assert client.get(LIST).status_code in (302, 403)
    assert client.get(ADD).status_code in (302, 403)
    edit = reverse("wagtailsnippets_marketing_campaign:edit", args=[campaign.pk])
    assert client.get(edit).status_code in (302, 403)


def test_a_campaign_scheduled_in_the_admin_goes_live_through_the_minute_job(client, staff):
    from snapshots.tasks import snapshots_tick_task

    sku = SKUFactory(price=Decimal("30.00"))
    client.force_login(staff["marketing"])
    go_live_at = timezone.now() + timedelta(hours=1)
    response = client.post(ADD, campaign_form(sku=sku, go_live_at=admin_time(go_live_at)))
    assert response.status_code == 302, response.content.decode()[:2000]

    campaign = Campaign.objects.get(slug="fruit-festival")
    revision = campaign.latest_revision
    assert revision.approved_go_live_at > timezone.now()
    assert not campaign.live
    snapshots_tick_task.apply(throw=True)  # before its time the minute job leaves it
    assert not Campaign.objects.get(pk=campaign.pk).live
    assert GoodsSKU.objects.get(pk=sku.pk).current_price == Decimal("30.00")

    # the hour passes: the go-live time (approved, and in the revision's content, which
    # publishing reads again) is now behind us
    past = timezone.now() - timedelta(seconds=1)
    content = revision.content | {"go_live_at": past.isoformat()}
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past, content=content)
    snapshots_tick_task.apply(throw=True)

    campaign.refresh_from_db()
    assert campaign.live and campaign.live_revision_id == revision.pk
    assert GoodsSKU.objects.get(pk=sku.pk).current_price == Decimal("24.00")


def coupon_rows(*codes: str) -> dict[str, str]:
    rows = [
        {
            "title": f"券{n}",
            "code": code,
            "amount_off": "5",
            "min_spend": "50",
            "per_user_limit": "1",
        }
        for n, code in enumerate(codes)
    ]
    return inline_forms("coupons", rows)


def test_coupon_codes_differing_only_in_case_are_one_code(client, staff):
    client.force_login(staff["marketing"])
    sku = SKUFactory()
    response = client.post(ADD, campaign_form(sku=sku) | coupon_rows("abc", "ABC"))
    assert response.status_code == 200  # the form again, with the duplicate named
    assert not Campaign.objects.exists()
    response = client.post(ADD, campaign_form(sku=sku) | coupon_rows("", ""))
    assert response.status_code == 302
    codes = list(Campaign.objects.get().coupons.values_list("code", flat=True))
    assert len(set(codes)) == 2 and all(len(code) == 10 for code in codes)  # generated
