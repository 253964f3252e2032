"""A campaign's page, /campaigns/<slug>/: its rules, claimable coupons and goods on sale, the
same for everyone; 404 unless the campaign is published. Also its admin preview's template."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from catalog.tests.factories import SKUFactory, make_category
from catalog.tests.test_render_queries import render
from catalog.validators import category_slug_validate
from marketing.models import Campaign
from marketing.selectors import campaign_page_context
from marketing.tests.factories import CampaignFactory, CouponFactory, SalePriceFactory

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def festival():
    fruit, veg = make_category("新鲜水果", "fruit"), make_category("新鲜蔬菜", "veg")
    campaign = CampaignFactory(
        name="鲜果节",
        slug="fruit-festival",
        intro="当季水果低至8折",
        threshold_amount=D("99"),
        threshold_off=D("20"),
    )
    strawberry = SKUFactory(category=veg, name="草莓", price=D("29.90"))
    SalePriceFactory(campaign=campaign, sku=strawberry, price=D("19.90"))
    SalePriceFactory(campaign=campaign, sku=None, category=fruit, price=None, percent=80)
    CouponFactory(campaign=campaign, code="FRUIT10", title="满50减10")
    CouponFactory(campaign=campaign, code="HIDDEN", claimable=False)
    return {
        "campaign": campaign,
        "strawberry": strawberry,
        "grape": SKUFactory(category=fruit, name="葡萄", price=D("10.00")),
        "off_shelf": SKUFactory(category=fruit, name="下架橙子", is_on_sale=False),
        "spinach": SKUFactory(category=veg, name="菠菜"),
    }


def test_the_page_shows_the_rules_coupons_and_priced_goods(festival):
    response = render("/campaigns/fruit-festival/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "鲜果节" in page and "当季水果低至8折" in page and "满 ¥99.00 减 ¥20.00" in page
    assert '<button type="button" class="button button--orange coupon__claim" ' in page
    assert 'data-coupon-claim="FRUIT10"' in page and "HIDDEN" not in page
    assert '¥19.90</span><del class="price--was">¥29.90</del>' in page
    assert '¥8.00</span><del class="price--was">¥10.00</del>' in page
    assert "下架橙子" not in page and "菠菜" not in page
    assert "csrfmiddlewaretoken" not in page
    assert 'src="/static/js/coupons.js"' in page  # wires the 领取 buttons


def test_the_goods_are_paginated(festival, settings):
    settings.CATALOG_PAGE_SIZE = 1
    page = render("/campaigns/fruit-festival/", {"page": "2"}).content.decode()
    assert page.count('class="goods-card"') == 1 and 'href="?page=1"' in page


@pytest.mark.parametrize("change", [{"live": False}, {"slug": "other"}])
def test_a_campaign_not_published_has_no_page(client, festival, change):
    Campaign.objects.filter(pk=festival["campaign"].pk).update(**change)
    assert client.get("/campaigns/fruit-festival/").status_code == 404


def test_the_preview_renders_without_goods(festival, rf):
    campaign = festival["campaign"]
    html = render_to_string(
        campaign.get_preview_template(None, ""),
        campaign_page_context(campaign=campaign),
        request=rf.get("/"),
    )
    assert "鲜果节" in html and 'data-coupon-claim="FRUIT10"' in html
    assert "goods-card" not in html


def test_campaigns_is_no_category_slug():
    with pytest.raises(ValidationError):
        category_slug_validate("campaigns")
