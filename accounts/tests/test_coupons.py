"""我的优惠券: claiming a coupon by its code (JSON for page buttons, a form on the list page) and
the shopper's list of claimed coupons, usable ones first."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from marketing.models import CouponClaim, CouponRedemption
from marketing.tests.factories import CampaignFactory, CouponFactory

from .factories import UserFactory

pytestmark = pytest.mark.django_db
CLAIM = reverse("accounts:coupon_claim")
LIST = reverse("accounts:coupons")


@pytest.fixture
def shopper(client):
    user = UserFactory()
    client.force_login(user)
    return user


def ended_campaign():
    now = timezone.now()
    return CampaignFactory(starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=1))


def test_a_shopper_claims_a_coupon_by_its_code(client, shopper):
    coupon = CouponFactory(title="新人券", code="XINREN10")

    response = client.post(CLAIM, {"code": " xinren10 "})

    assert response.status_code == 200
    assert response.json() == {"ok": True, "coupon": {"code": "XINREN10", "title": "新人券"}}
    claims = CouponClaim.objects.values_list("user_id", "coupon_id")
    assert list(claims) == [(shopper.pk, coupon.pk)]


def test_claiming_twice_is_one_claim(client, shopper):
    CouponFactory(code="XINREN10")
    assert client.post(CLAIM, {"code": "XINREN10"}).json()["ok"]
    assert client.post(CLAIM, {"code": "XINREN10"}).json()["ok"]
    assert CouponClaim.objects.filter(user=shopper).count() == 1


@pytest.mark.parametrize("code", ["NOSUCHCODE", "", "X" * 5000])
def test_an_unknown_code_is_refused(client, shopper, code):
    response = client.post(CLAIM, {"code": code})
    assert response.status_code == 400
    body = response.json()
    assert (body["ok"], body["error"]) == (False, "coupon_unavailable")
    assert body["message"] == "没有这张优惠券。"
    assert not CouponClaim.objects.exists()


def test_an_expired_coupon_or_one_of_an_unpublished_campaign_is_refused(client, shopper):
    CouponFactory(code="OLD10", campaign=ended_campaign())
    CouponFactory(code="DRAFT10", campaign=CampaignFactory(live=False))
    expired = client.post(CLAIM, {"code": "OLD10"})
    assert expired.status_code == 400 and expired.json()["message"] == "这张优惠券已过期。"
    draft = client.post(CLAIM, {"code": "DRAFT10"})
    assert draft.status_code == 400 and draft.json()["error"] == "coupon_unavailable"
    assert not CouponClaim.objects.exists()


def test_a_guest_is_asked_to_log_in(client):
    CouponFactory(code="XINREN10")
    response = client.post(CLAIM, {"code": "XINREN10"})
    assert response.status_code == 401
    assert response.json()["error"] == "login_required"
    assert not CouponClaim.objects.exists()


def test_claiming_needs_a_post_with_the_csrf_token():
    CouponFactory(code="XINREN10")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory())
    assert strict.get(CLAIM).status_code == 405
    forged = strict.post(CLAIM, {"code": "XINREN10"})
    assert forged.status_code == 403 and forged.json()["error"] == "csrf_failed"
    assert not CouponClaim.objects.exists()


def claim(user, coupon):
    CouponClaim.objects.create(user=user, coupon=coupon)
    return coupon


def test_the_list_shows_usable_coupons_first_and_greys_out_the_others(client, shopper):
    expired = claim(shopper, CouponFactory(title="过期券", campaign=ended_campaign()))
    used = claim(shopper, CouponFactory(title="用过的券"))
    CouponRedemption.objects.create(
        coupon=used, user=shopper, order_id="20260101000001", code=used.code, amount=Decimal("10")
    )
    usable = claim(shopper, CouponFactory(title="新人券", amount_off=Decimal("10.00")))
    CouponFactory(title="别人的券")  # not claimed: not listed

    response = client.get(LIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert "别人的券" not in html
    titles = [c.title for c in response.context["coupons"]]
    assert titles[0] == "新人券" and set(titles[1:]) == {"过期券", "用过的券"}
    statuses = {c.title: c.status_label for c in response.context["coupons"]}
    assert statuses == {"新人券": "可使用", "过期券": "已过期", "用过的券": "已使用"}
    assert html.count("my-coupon my-coupon--unusable") == 2
    assert "满50元可用" in html and usable.code in html and expired.code in html
    assert 'aria-current="page">· 我的优惠券' in html
    assert 'data-coupon-claim-form data-claim-url="/accounts/coupons/claim/"' in html
    assert "js/coupons.js" in html


def test_the_list_page_needs_a_login_and_says_when_it_is_empty(client):
    assert client.get(LIST).status_code == 302
    client.force_login(UserFactory())
    html = client.get(LIST).content.decode()
    assert "还没有优惠券" in html
    assert "我的优惠券" in client.get(reverse("accounts:user_center")).content.decode()


def test_the_lists_form_claims_without_script(client, shopper):
    CouponFactory(title="新人券", code="XINREN10")
    added = client.post(LIST, {"code": "xinren10"}, follow=True)
    assert added.redirect_chain == [(LIST, 302)]
    assert "已领取“新人券”。" in added.content.decode()
    assert [c.title for c in added.context["coupons"]] == ["新人券"]
    refused = client.post(LIST, {"code": "NOPE"}, follow=True)
    assert "没有这张优惠券。" in refused.content.decode()
