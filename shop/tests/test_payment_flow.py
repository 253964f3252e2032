"""Paying for real: the shop against a fake Alipay on loopback (a real HTTP server that checks
the shop's signatures and signs like Alipay) and the built-in sandbox, through the live server
and a real Celery worker. Notifications are verified, matched and applied exactly once."""

from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from catalog.models import GoodsSKU
from catalog.tests.factories import SKUFactory
from marketing.tests.factories import CampaignFactory
from shop.gateways.signing import params_sign
from shop.models import OrderInfo, OrderStatus, RefundStatus
from shop.services import (
    order_comment,
    order_receive,
    order_refund,
    order_ship,
    payments_reconcile,
)

from .factories import order_committed, shopper_with_cart
from .fake_alipay_server import fake_alipay, http_post, keys_generated  # noqa: F401 (fixture)
from .test_cancellation import refund_staff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def alipay(settings, fake_alipay, live_server):  # noqa: F811 (the fixture imported above)
    """The shop's Alipay pointed at the fake gateway; notifications reach the live server."""
    fake_alipay.settings_apply(settings)
    settings.SITE_URL = live_server.url
    return fake_alipay


def alipay_order(*, email="buyer@example.com", price="15.00", count=2):
    """A logged-in shopper's unpaid Alipay order (2 × ¥15 + ¥10 freight = ¥40)."""
    sku = SKUFactory(stock=10, price=Decimal(price))
    user, address = shopper_with_cart({sku: count}, email=email)
    client = Client()
    client.force_login(user)
    order_id = order_committed(client, address=address, skus=[sku], pay_method="alipay")
    return client, OrderInfo.objects.get(pk=order_id), sku


def resigned(params: dict[str, str], **changes) -> dict[str, str]:
    """A notification changed and signed again with the gateway's own key (a valid signature
    over wrong content, as only a bug or a key leak could give)."""
    changed = {**params, **changes}
    changed.pop("sign")
    return {
        **changed,
        "sign": params_sign(keys_generated()[1], changed, drop=("sign", "sign_type")),
    }


def status_of(order) -> str:
    order.refresh_from_db()
    return order.status


def test_commit_goes_to_alipay_and_its_notification_pays_the_order_once(
    alipay, celery_worker, wait_for
):
    client, order, sku = alipay_order()
    pay_url = client.post(f"/orders/{order.pk}/pay/").json()["pay_url"]
    assert pay_url.startswith(alipay.gateway_url + "?")
    status, page = http_post(alipay.gateway_url, dict(_query(pay_url)))
    assert status == 200 and "40.00" in page  # the fake checked the shop's signature
    assert alipay.trades[order.pk]["time_expire"]  # shorter than the order's own timeout

    assert alipay.pay(order.pk) == (200, "success")
    order.refresh_from_db()
    assert (order.status, order.paid_amount) == (OrderStatus.PAID, Decimal("40.00"))
    trade_no = order.trade_no
    assert trade_no == alipay.trades[order.pk]["trade_no"]
    # replayed: answered success (Alipay must stop), and nothing changes
    assert alipay.notify(order.pk) == (200, "success")
    order.refresh_from_db()
    assert (order.status, order.trade_no) == (OrderStatus.PAID, trade_no)
    # out of order: a "waiting" notification after the payment changes nothing either
    waiting = resigned(alipay.notification(order.pk), trade_status="WAIT_BUYER_PAY")
    assert alipay.notify(order.pk, waiting) == (200, "success")
    assert status_of(order) == OrderStatus.PAID
    page = client.get(f"/orders/{order.pk}/paid/?trade_status=TRADE_SUCCESS").content.decode()
    assert "支付成功" in page
    wait_for(lambda: [m.to for m in mail.outbox if order.pk in m.body] == [["buyer@example.com"]])


@pytest.mark.parametrize(
    "tamper",
    ["signature", "amount", "app_id", "unknown_order", "no_signature"],
)
def test_a_notification_that_is_not_alipays_or_does_not_match_is_refused(alipay, tamper):
    client, order, sku = alipay_order()
    client.post(f"/orders/{order.pk}/pay/")
    pay_url = client.post(f"/orders/{order.pk}/pay/").json()["pay_url"]
    http_post(alipay.gateway_url, dict(_query(pay_url)))
    alipay.pay(order.pk, notify=False)
    genuine = alipay.notification(order.pk)
    forged = {
        "signature": {**genuine, "sign": genuine["sign"][:-4] + "AAAA"},
        "amount": resigned(genuine, total_amount="0.01"),
        "app_id": resigned(genuine, app_id="2021000000009999"),
        "unknown_order": resigned(genuine, out_trade_no="20260101000000123456789012"),
        "no_signature": {k: v for k, v in genuine.items() if k != "sign"},
    }[tamper]
    status, body = alipay.notify(order.pk, forged)
    assert (status, body) == (400, "fail")
    assert status_of(order) == OrderStatus.UNPAID
    # the return page's query string is not trusted either (but a trade query is)
    page = client.get(f"/orders/{order.pk}/paid/?trade_status=TRADE_SUCCESS&total_amount=40.00")
    assert "支付成功" in page.content.decode()  # the page asked the gateway, which says paid
    assert status_of(order) == OrderStatus.PAID


def test_a_discounted_order_is_asked_and_paid_the_amount_after_its_discount(alipay):
    CampaignFactory(threshold_amount=Decimal("99"), threshold_off=Decimal("20"))
    client, order, sku = alipay_order(price="60.00")  # 120 - 20 = 100, delivered free
    pay_url = client.post(f"/orders/{order.pk}/pay/").json()["pay_url"]
    status, page = http_post(alipay.gateway_url, dict(_query(pay_url)))
    assert status == 200 and alipay.trades[order.pk]["total_amount"] == "100.00"
    alipay.pay(order.pk, notify=False)
    genuine = alipay.notification(order.pk)
    undiscounted = resigned(genuine, total_amount="120.00")
    assert alipay.notify(order.pk, undiscounted) == (400, "fail")
    assert alipay.notify(order.pk, genuine) == (200, "success")
    order.refresh_from_db()
    assert (order.status, order.paid_amount) == (OrderStatus.PAID, Decimal("100.00"))


def test_the_return_page_says_processing_until_the_payment_is_confirmed(alipay):
    client, order, sku = alipay_order()
    pay_url = client.post(f"/orders/{order.pk}/pay/").json()["pay_url"]
    http_post(alipay.gateway_url, dict(_query(pay_url)))
    page = client.get(f"/orders/{order.pk}/paid/?trade_status=TRADE_SUCCESS").content.decode()
    assert "支付处理中" in page and "支付成功" not in page
    assert status_of(order) == OrderStatus.UNPAID


def test_a_lost_notification_still_ends_paid_by_the_beat_query(alipay, settings):
    client, order, sku = alipay_order()
    pay_url = client.post(f"/orders/{order.pk}/pay/").json()["pay_url"]
    http_post(alipay.gateway_url, dict(_query(pay_url)))
    alipay.pay(order.pk, notify=False)  # the notification never arrives
    settings.PAYMENT_QUERY_AFTER_MINUTES = 0
    assert payments_reconcile()["asked"] == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.trade_no


def test_cancel_closes_the_trade_and_a_payment_after_it_is_refunded(
    alipay, celery_worker, wait_for
):
    client, order, sku = alipay_order()
    pay_url = client.post(f"/orders/{order.pk}/pay/").json()["pay_url"]
    http_post(alipay.gateway_url, dict(_query(pay_url)))
    assert client.post(f"/orders/{order.pk}/cancel/").json() == {"ok": True, "status": "cancelled"}
    assert GoodsSKU.objects.get(pk=sku.pk).stock == 10
    wait_for(lambda: alipay.trades[order.pk]["trade_status"] == "TRADE_CLOSED")

    # another order: the shopper pays at the very moment it is cancelled; the payment loses
    client, order, sku = alipay_order()
    pay_url = client.post(f"/orders/{order.pk}/pay/").json()["pay_url"]
    http_post(alipay.gateway_url, dict(_query(pay_url)))
    alipay.fake.trade_pay(order.pk)  # paid at the gateway, notification not yet sent
    client.post(f"/orders/{order.pk}/cancel/")
    assert alipay.notify(order.pk) == (200, "success")
    wait_for(lambda: status_of(order) == OrderStatus.REFUNDED)
    assert alipay.trades[order.pk]["refund_fee"] == "40.00"
    assert GoodsSKU.objects.get(pk=sku.pk).stock == 10  # given back once, by the cancel


def test_a_partial_refund_goes_through_the_gateway_and_the_shopper_sees_it(
    alipay, celery_worker, wait_for
):
    client, order, sku = alipay_order()
    pay_url = client.post(f"/orders/{order.pk}/pay/").json()["pay_url"]
    http_post(alipay.gateway_url, dict(_query(pay_url)))
    alipay.pay(order.pk)
    staff = refund_staff()
    # refunded on the way (one bad box): the order stays where it is in delivery
    first = order_refund(order_id=order.pk, staff=staff, reason="缺一盒", amount="5.00")
    wait_for(lambda: first.__class__.objects.get(pk=first.pk).status == RefundStatus.SUCCEEDED)
    assert status_of(order) == OrderStatus.PAID
    order_ship(order_id=order.pk, courier="sf", tracking_no="SF1234567890")
    order_receive(user=order.user, order_id=order.pk)
    order_comment(user=order.user, order_id=order.pk, comments={order.lines.get().pk: "不错"})
    # a quality claim once it is over: the order shows as partly refunded
    refund = order_refund(order_id=order.pk, staff=staff, reason="坏果两个", amount="12.50")
    wait_for(lambda: status_of(order) == OrderStatus.PARTLY_REFUNDED)
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert alipay.trades[order.pk]["refund_fee"] == "17.50"
    page = client.get(f"/accounts/orders/{order.pk}/").content.decode()
    assert "部分退款" in page and "坏果两个" in page and "¥12.50" in page and "¥5.00" in page
    assert client.get(f"/orders/{order.pk}/status/").json()["status"] == "partly_refunded"


def test_the_sandbox_pays_through_a_signed_notification(
    client, settings, live_server, celery_worker, wait_for
):
    settings.SITE_URL = live_server.url
    sku = SKUFactory(stock=10, price=Decimal("15.00"))
    user, address = shopper_with_cart({sku: 2})
    client.force_login(user)
    order_id = order_committed(client, address=address, skus=[sku], pay_method="sandbox")
    pay_url = client.post(f"/orders/{order_id}/pay/").json()["pay_url"]
    cashier = client.get(pay_url)
    assert cashier.status_code == 200 and "40.00" in cashier.content.decode()
    back = client.post(pay_url)
    assert back.status_code == 302 and f"/orders/{order_id}/paid/" in back["Location"]
    order = OrderInfo.objects.get(pk=order_id)
    wait_for(lambda: status_of(order) == OrderStatus.PAID)
    assert "支付成功" in client.get(f"/orders/{order_id}/paid/").content.decode()
    again = client.post(f"/orders/{order_id}/pay/")
    assert again.status_code == 409 and again.json()["error"] == "order_not_payable"


def _query(url: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(urlsplit(url).query)


def test_a_phone_gets_alipays_mobile_cashier(alipay):
    client, order, sku = alipay_order()
    phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148"
    on_phone = client.post(f"/orders/{order.pk}/pay/", HTTP_USER_AGENT=phone).json()["pay_url"]
    on_desk = client.post(f"/orders/{order.pk}/pay/").json()["pay_url"]
    assert dict(_query(on_phone))["method"] == "alipay.trade.wap.pay"
    assert dict(_query(on_desk))["method"] == "alipay.trade.page.pay"
    assert http_post(alipay.gateway_url, dict(_query(on_phone)))[0] == 200
