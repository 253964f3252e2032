"""The shop window and campaigns: floors show sale prices (priced in bulk), a promotion tile can
point at a campaign (linking to its page, shown only while it runs), and the browsing history
in the user center is priced too."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.blocks.struct_block import StructBlockValidationError

from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory, make_category, make_image
from catalog.tests.test_render_queries import queries, render
from home.blocks import PromotionBlock
from home.models import HomePage
from home.tests.test_homepage import publish_home
from marketing.tests.factories import CampaignFactory, CouponFactory, SalePriceFactory

pytestmark = pytest.mark.django_db

D = Decimal
WAS = '<del class="price--was">¥29.90</del>'


@pytest.fixture
def fruit():
    return make_category("新鲜水果", "fruit")


@pytest.fixture
def strawberry(fruit):
    return SKUFactory(category=fruit, name="草莓", price=D("29.90"))


def html(path="/") -> str:
    return render(path).content.decode()


def tile(name, *, campaign=None, starts=None, ends=None, link="/fruit/") -> dict:
    return {
        "name": name,
        "link_url": "" if campaign else link,
        "page": None,
        "campaign": campaign.pk if campaign else None,
        "image": make_image(name).pk,
        "starts_at": starts.isoformat() if starts else None,
        "ends_at": ends.isoformat() if ends else None,
    }


def test_homepage_floors_price_their_goods_in_bulk(fruit, strawberry):
    others = SKUFactory.create_batch(3, category=fruit, price=D("29.90"))
    floor = {"category": fruit.pk, "image_goods": [strawberry.pk, *(s.pk for s in others)]}
    banner = {"sku": strawberry.pk, "image": make_image("b").pk, "caption": "草莓季"}
    publish_home(banners=[banner], floors=[floor])
    before = queries("/")
    campaign = CampaignFactory()
    for sku in (strawberry, *others):
        SalePriceFactory(campaign=campaign, sku=sku, price=D("19.90"))
    assert queries("/") == before
    assert html().count(f"¥19.90</span>{WAS}") == 4


def test_the_browsing_history_is_priced(client, fruit, strawberry):
    SalePriceFactory(sku=strawberry, price=D("19.90"))
    client.force_login(UserFactory())
    client.post(reverse("accounts:history"), {"sku_id": strawberry.pk})
    center = client.get(reverse("accounts:user_center")).content.decode()
    assert f"¥19.90</span>{WAS}" in center


def test_a_campaign_tile_links_to_its_page_and_shows_only_while_it_runs(fruit):
    now = timezone.now()
    running = CampaignFactory(name="鲜果节", slug="fruit-festival")
    later = CampaignFactory(starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=2))
    over = CampaignFactory(starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1))
    draft = CampaignFactory(live=False)
    outside_own_window = CampaignFactory()
    publish_home(
        promotions=[
            tile("进行中的活动", campaign=running),
            tile("明天的活动", campaign=later),
            tile("结束的活动", campaign=over),
            tile("草稿活动", campaign=draft),
            tile("自己窗口外", campaign=outside_own_window, starts=now + timedelta(hours=3)),
            tile("普通活动"),
        ]
    )
    page = html()
    assert 'href="/campaigns/fruit-festival/"' in page and "进行中的活动" in page
    assert "普通活动" in page
    for name in ("明天的活动", "结束的活动", "草稿活动", "自己窗口外"):
        assert name not in page


def test_campaign_tiles_load_their_campaigns_in_one_query(fruit):
    publish_home(promotions=[tile("活动0", campaign=CampaignFactory())])
    one = queries("/")
    publish_home(promotions=[tile(f"活动{n}", campaign=CampaignFactory()) for n in range(4)])
    assert queries("/") == one
    assert html().count('class="promotion"') == 4


def test_a_campaign_tile_offers_its_claimable_coupons(fruit):
    with_coupons, without = CampaignFactory(), CampaignFactory()
    CouponFactory(campaign=with_coupons, title="新人券", code="XINREN10")
    CouponFactory(campaign=with_coupons, title="内部券", code="STAFF", claimable=False)
    publish_home(promotions=[tile("有券", campaign=with_coupons), tile("无券", campaign=without)])
    page = html()
    assert page.count("data-coupon-claim=") == 1
    assert 'data-coupon-claim="XINREN10">领取新人券</button>' in page
    assert "STAFF" not in page  # a coupon not offered for claiming stays a typed code
    assert "js/coupons.js" in page


def test_a_campaigns_edges_change_the_homepage(fruit):
    now = timezone.now()
    campaign = CampaignFactory(starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=3))
    home = publish_home(promotions=[tile("活动", campaign=campaign)])
    home = HomePage.objects.get(pk=home.pk)
    assert home.promotions_change_between(now, now + timedelta(hours=1))
    assert home.promotions_change_between(now + timedelta(hours=2), now + timedelta(hours=3))
    assert not home.promotions_change_between(now + timedelta(hours=1), now + timedelta(hours=2))


def test_a_tile_needs_a_page_a_link_or_a_campaign():
    block = PromotionBlock()
    value = block.to_python(tile("空活动", link=""))
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    assert set(caught.value.block_errors) == {"link_url"}
    assert block.clean(block.to_python(tile("活动", campaign=CampaignFactory())))
