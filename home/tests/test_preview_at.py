"""Editors see the homepage as it will look at a chosen moment: the tiles and sale prices of
then (a campaign starting tomorrow 10:00 shows at 10:30, not now); only editors of the
homepage and marketing staff who may edit campaigns may."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory, make_category, make_image
from home.models import HomePage
from home.tests.test_homepage import publish_home
from marketing.tests.factories import CampaignFactory, SalePriceFactory

pytestmark = pytest.mark.django_db

URL = "/admin/home/preview-at/"


def tomorrow_at(hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def window():
    """A floor with strawberries, and a tile of a campaign putting them on sale tomorrow
    10:00-12:00."""
    fruit = make_category("新鲜水果", "fruit")
    strawberry = SKUFactory(category=fruit, name="草莓", price=Decimal("29.90"))
    campaign = CampaignFactory(
        name="草莓节", slug="strawberry", starts_at=tomorrow_at(10), ends_at=tomorrow_at(12)
    )
    SalePriceFactory(campaign=campaign, sku=strawberry, price=Decimal("19.90"))
    tile = {"name": "草莓节 8 折", "campaign": campaign.pk, "image": make_image("t").pk}
    floor = {"category": fruit.pk, "image_goods": [strawberry.pk], "text_goods": []}
    return publish_home(promotions=[tile], floors=[floor])


def staff(*perms: str):
    user = UserFactory(is_staff=True)
    for perm in ("wagtailadmin.access_admin", *perms):
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def preview(client, at: datetime) -> str:
    response = client.get(URL, {"at": timezone.localtime(at).strftime("%Y-%m-%d %H:%M")})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.content.decode()


def test_the_preview_shows_the_tiles_and_sale_prices_of_that_moment(admin_client, window):
    then = preview(admin_client, tomorrow_at(10, 30))
    assert "草莓节 8 折" in then and 'href="/campaigns/strawberry/"' in then
    assert '¥19.90</span><del class="price--was">¥29.90</del>' in then

    now = preview(admin_client, timezone.now())
    assert "草莓节 8 折" not in now and "¥19.90" not in now and "¥29.90" in now
    after = preview(admin_client, tomorrow_at(12, 30))
    assert "草莓节 8 折" not in after and "¥19.90" not in after
    # the published homepage is untouched: it still shows now
    assert "草莓节 8 折" not in admin_client.get("/").content.decode()


def test_the_preview_shows_the_latest_draft(admin_client, window):
    home = HomePage.objects.get(pk=window.pk)
    draft_tile = {"name": "草稿里的活动", "link_url": "/fruit/", "image": make_image("d").pk}
    home.promotions = [{"type": "promotion", "value": draft_tile}]
    home.save_revision()  # not published
    assert "草稿里的活动" in preview(admin_client, tomorrow_at(10, 30))
    assert "草稿里的活动" not in admin_client.get("/").content.decode()


def test_without_a_moment_it_asks_for_one_and_the_homepage_links_to_it(admin_client, window):
    form = admin_client.get(URL).content.decode()
    assert 'name="at"' in form and 'target="_blank"' in form
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[window.pk])).content
    assert URL in edit.decode()
    for junk in ("明天", "0001-01-01 00:00:00", "9999-12-31 23:59:59"):
        bad = admin_client.get(URL, {"at": junk})
        assert bad.status_code == 200 and b'name="at"' in bad.content, junk


def test_only_homepage_editors_and_marketing_may_preview(client, window):
    client.force_login(staff())  # staff who may open the admin, nothing else
    refused = client.get(URL)  # the admin's answer to PermissionDenied: back to its home
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    client.force_login(staff("marketing.change_campaign"))
    assert "¥19.90" in preview(client, tomorrow_at(10, 30))
    client.logout()
    assert client.get(URL)["Location"].startswith("/admin/login/")
