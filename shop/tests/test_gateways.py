"""The payment gateways: RSA2 against known examples, the Alipay client against a fake Alipay
on loopback, and the built-in sandbox gateway."""

import base64
import json
import os
import threading
import urllib.request
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
from cryptography.hazmat.primitives import serialization
from django.utils import timezone

from shop.exceptions import PaymentUnavailable
from shop.gateways import (
    GatewayError,
    GatewayRefused,
    NotificationInvalid,
    gateway_for,
    pay_methods_online,
)
from shop.gateways import sandbox as sandbox_module
from shop.gateways.alipay import AlipayGateway
from shop.gateways.signing import (
    content_to_sign,
    params_sign,
    params_verify,
    private_key_load,
    public_key_load,
    rsa2_sign,
    rsa2_verify,
)
from shop.tests import alipay_known as known
from shop.tests import fake_alipay_server
from shop.tests.fake_alipay_server import http_post, keys_generated

fake_alipay = fake_alipay_server.fake_alipay  # the fixture, under its name in this module

NOTIFY_DROP = ("sign", "sign_type")


def one_char_changed(text: str, at: int = 10) -> str:
    return text[:at] + ("B" if text[at] != "B" else "C") + text[at + 1 :]


# --- (a) known examples, made outside our code ------------------------------------------------


def test_openssl_example_is_signed_and_verified_exactly():
    key = private_key_load(known.OPENSSL_PRIVATE_KEY)
    public = public_key_load(known.OPENSSL_PUBLIC_KEY)
    assert content_to_sign(known.OPENSSL_PAY_PARAMS) == known.OPENSSL_PAY_CONTENT
    assert params_sign(key, known.OPENSSL_PAY_PARAMS) == known.OPENSSL_PAY_SIGN
    signed = {**known.OPENSSL_PAY_PARAMS, "sign": known.OPENSSL_PAY_SIGN}
    assert params_verify(public, signed)
    assert not params_verify(public, {**signed, "timestamp": "2025-01-01 12:00:01"})
    assert not params_verify(public, {**signed, "sign": one_char_changed(known.OPENSSL_PAY_SIGN)})
    assert not rsa2_verify(public, one_char_changed(known.OPENSSL_PAY_CONTENT, 200), signed["sign"])


def test_openssl_notification_example_is_verified_by_the_gateway():
    gateway = AlipayGateway(
        app_id="2021000000000001",
        private_key=known.OPENSSL_PRIVATE_KEY,
        alipay_public_key=known.OPENSSL_PUBLIC_KEY,
        gateway_url="http://127.0.0.1:9/gateway.do",
    )
    params = known.OPENSSL_NOTIFY_PARAMS
    assert content_to_sign(params, drop=NOTIFY_DROP) == known.OPENSSL_NOTIFY_CONTENT
    notification = gateway.notification_verify(params)
    assert notification.paid and notification.total_amount == Decimal("88.50")
    assert notification.trade_no == "2025010122001400000000000001"
    with pytest.raises(NotificationInvalid):
        gateway.notification_verify({**params, "subject": params["subject"] + " "})


@pytest.mark.parametrize("sign_first", [False, True])
def test_openssl_signed_answer_is_verified_over_its_raw_text(sign_first):
    """The answer's signature covers the response object exactly as sent (key order, spacing)."""
    response, sign = known.OPENSSL_QUERY_RESPONSE, known.OPENSSL_QUERY_SIGN
    parts = [f'"alipay_trade_query_response":{response}', f'"sign":"{sign}"']
    body = "{" + ",".join(reversed(parts) if sign_first else parts) + "}"
    gateway = AlipayGateway(
        app_id="2021000000000001",
        private_key=known.OPENSSL_PRIVATE_KEY,
        alipay_public_key=known.OPENSSL_PUBLIC_KEY,
        gateway_url="http://127.0.0.1:9/gateway.do",
        transport=lambda url, form: body,
    )
    trade = gateway.trade_query(out_trade_no="20250101120000123456789012")
    assert trade.paid and trade.total_amount == Decimal("88.50")
    # the same object re-spaced is no longer what was signed
    gateway.transport = lambda url, form: body.replace('"code":"10000"', '"code": "10000"')
    with pytest.raises(GatewayError):
        gateway.trade_query(out_trade_no="20250101120000123456789012")


def test_published_example_of_the_alipay_ruby_gem():
    key = private_key_load(known.RUBY_GEM_PRIVATE_KEY)
    assert params_sign(key, known.RUBY_GEM_PAY_PARAMS) == known.RUBY_GEM_PAY_SIGN
    signed = {**known.RUBY_GEM_PAY_PARAMS, "sign": known.RUBY_GEM_PAY_SIGN}
    assert params_verify(public_key_load(known.RUBY_GEM_PUBLIC_KEY), signed)
    assert not params_verify(public_key_load(known.RUBY_GEM_PUBLIC_KEY), {**signed, "x": "1"})


def test_keys_load_from_pem_text_a_file_or_the_bare_base64_body(tmp_path):
    key = private_key_load(known.OPENSSL_PRIVATE_KEY)
    pkcs1 = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    body = "".join(known.OPENSSL_PRIVATE_KEY.strip().splitlines()[1:-1])  # Alipay's console
    (tmp_path / "app.pem").write_text(known.OPENSSL_PRIVATE_KEY)
    for value in (pkcs1, body, str(tmp_path / "app.pem")):
        assert params_sign(private_key_load(value), known.OPENSSL_PAY_PARAMS) == (
            known.OPENSSL_PAY_SIGN
        )
    public_body = "".join(known.OPENSSL_PUBLIC_KEY.strip().splitlines()[1:-1])
    assert rsa2_verify(
        public_key_load(public_body), known.OPENSSL_PAY_CONTENT, known.OPENSSL_PAY_SIGN
    )


# --- (b) round trip with keys the test generates ----------------------------------------------


def test_round_trip_with_generated_keys():
    merchant, gateway = keys_generated()
    text = "a=1&b=天天生鲜&c=x y"
    signature = rsa2_sign(merchant, text)
    assert rsa2_verify(merchant.public_key(), text, signature)
    assert not rsa2_verify(gateway.public_key(), text, signature)
    assert not rsa2_verify(merchant.public_key(), text + " ", signature)
    assert not rsa2_verify(merchant.public_key(), text, "not base64!")


def alipay_client(server, **overrides) -> AlipayGateway:
    return AlipayGateway(
        **{
            "app_id": server.app_id,
            "private_key": server.merchant_private_key_pem,
            "alipay_public_key": server.gateway_public_key_pem,
            "gateway_url": server.gateway_url,
            "timeout": 5,
            **overrides,
        }
    )


def pay_url(gateway, out_trade_no="T1", amount="88.5", minutes=25, mobile=False, notify=""):
    return gateway.pay_url(
        out_trade_no=out_trade_no,
        amount=Decimal(amount),
        subject=f"天天生鲜订单 {out_trade_no}",
        expire_at=timezone.now() + timedelta(minutes=minutes),
        mobile=mobile,
        return_url="http://127.0.0.1:9/orders/paid/",
        notify_url=notify or "http://127.0.0.1:9/orders/alipay/notify/",
    )


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 (loopback)
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.parametrize(
    ("mobile", "method", "product"),
    [
        (False, "alipay.trade.page.pay", "FAST_INSTANT_TRADE_PAY"),
        (True, "alipay.trade.wap.pay", "QUICK_WAP_WAY"),
    ],
)
def test_pay_url_is_signed_alipay_style(fake_alipay, mobile, method, product):
    url = pay_url(alipay_client(fake_alipay), mobile=mobile)
    params = dict(parse_qsl(urlsplit(url).query))
    merchant, _ = keys_generated()
    assert params_verify(merchant.public_key(), params)
    assert (params["method"], params["sign_type"], params["charset"]) == (method, "RSA2", "utf-8")
    assert len(params["timestamp"]) == 19 and params["notify_url"].endswith("/notify/")
    biz = json.loads(params["biz_content"])
    assert (biz["product_code"], biz["total_amount"]) == (product, "88.50")
    expire = datetime.strptime(biz["time_expire"], "%Y-%m-%d %H:%M:%S")  # China Standard Time
    expected = timezone.now() + timedelta(minutes=25)
    utc_expire = expire.replace(tzinfo=timezone.get_fixed_timezone(480))
    assert abs(utc_expire - expected) < timedelta(seconds=5)


# --- (c) the Alipay client against the fake Alipay on loopback --------------------------------


def test_fake_alipay_accepts_the_pay_url_and_refuses_a_tampered_one(fake_alipay):
    url = pay_url(alipay_client(fake_alipay), out_trade_no="T1")
    status, page = fetch(url)
    assert status == 200 and "88.50" in page
    assert fake_alipay.trades["T1"]["trade_status"] == "WAIT_BUYER_PAY"
    status, page = fetch(url.replace("88.50", "0.01"))
    assert status == 400 and "isv.invalid-signature" in page
    other = alipay_client(fake_alipay, private_key=keys_generated()[1])  # someone else's key
    assert fetch(pay_url(other, out_trade_no="T2"))[0] == 400
    assert fetch(pay_url(alipay_client(fake_alipay), out_trade_no="T3", minutes=-1))[0] == 400


def test_query_before_and_after_paying(fake_alipay):
    gateway = alipay_client(fake_alipay)
    assert gateway.trade_query(out_trade_no="T1") is None
    fetch(pay_url(gateway, out_trade_no="T1", notify=fake_alipay.notify_sink_url))
    trade = gateway.trade_query(out_trade_no="T1")
    assert (trade.trade_status, trade.paid, trade.total_amount) == (
        "WAIT_BUYER_PAY",
        False,
        Decimal("88.50"),
    )
    assert fake_alipay.pay("T1") == (200, "success")
    trade = gateway.trade_query(out_trade_no="T1")
    assert trade.paid and trade.trade_no
    [sent] = fake_alipay.sunk  # the notification went out over HTTP
    notification = gateway.notification_verify(sent)
    assert (notification.out_trade_no, notification.trade_no) == ("T1", trade.trade_no)
    assert notification.paid and notification.total_amount == Decimal("88.50")


def test_close(fake_alipay):
    gateway = alipay_client(fake_alipay)
    gateway.trade_close(out_trade_no="unknown")  # never opened: nothing to close
    fetch(pay_url(gateway, out_trade_no="T1"))
    gateway.trade_close(out_trade_no="T1")
    assert gateway.trade_query(out_trade_no="T1").trade_status == "TRADE_CLOSED"
    gateway.trade_close(out_trade_no="T1")  # closing twice is fine
    fetch(pay_url(gateway, out_trade_no="T2"))
    fake_alipay.pay("T2", notify=False)
    with pytest.raises(GatewayRefused):
        gateway.trade_close(out_trade_no="T2")


def test_refunds_are_idempotent_and_capped(fake_alipay):
    gateway = alipay_client(fake_alipay)
    fetch(pay_url(gateway, out_trade_no="T1", amount="100"))
    with pytest.raises(GatewayRefused):  # not paid yet
        gateway.trade_refund(out_trade_no="T1", refund_no="R1", amount=Decimal("30"), reason="坏果")
    fake_alipay.pay("T1", notify=False)
    answer = gateway.trade_refund(
        out_trade_no="T1", refund_no="R1", amount=Decimal("30"), reason="坏果"
    )
    assert (answer.refund_no, answer.amount) == ("R1", Decimal("30.00"))
    again = gateway.trade_refund(
        out_trade_no="T1", refund_no="R1", amount=Decimal("30"), reason="坏果"
    )
    assert "fund_change=N" in again.message
    assert fake_alipay.trades["T1"]["refund_fee"] == "30.00"
    with pytest.raises(GatewayRefused):  # the same refund number for another amount
        gateway.trade_refund(out_trade_no="T1", refund_no="R1", amount=Decimal("31"), reason="")
    with pytest.raises(GatewayRefused):  # more than is left
        gateway.trade_refund(out_trade_no="T1", refund_no="R2", amount=Decimal("70.01"), reason="")
    gateway.trade_refund(out_trade_no="T1", refund_no="R3", amount=Decimal("70"), reason="")
    assert fake_alipay.trades["T1"]["refund_fee"] == "100.00"
    assert gateway.trade_query(out_trade_no="T1").trade_status == "TRADE_CLOSED"


def test_a_tampered_or_unsigned_answer_is_a_gateway_error_not_a_refusal(fake_alipay):
    gateway = alipay_client(fake_alipay)
    fetch(pay_url(gateway, out_trade_no="T1"))
    fake_alipay.answer_filter = lambda body: body.replace("WAIT_BUYER_PAY", "TRADE_SUCCESS")
    with pytest.raises(GatewayError) as raised:
        gateway.trade_query(out_trade_no="T1")
    assert not isinstance(raised.value, GatewayRefused)
    fake_alipay.answer_filter = lambda body: body[: body.index(',"sign"')] + "}"
    with pytest.raises(GatewayError):
        gateway.trade_query(out_trade_no="T1")
    fake_alipay.answer_filter = lambda body: "<html>502 Bad Gateway</html>"
    with pytest.raises(GatewayError):
        gateway.trade_close(out_trade_no="T1")


def test_answers_signed_with_another_key_are_refused(fake_alipay):
    gateway = alipay_client(fake_alipay, alipay_public_key=keys_generated()[0].public_key())
    with pytest.raises(GatewayError):
        gateway.trade_query(out_trade_no="T1")


def test_a_gateway_that_is_down_is_a_gateway_error(fake_alipay):
    gateway = alipay_client(fake_alipay)
    fake_alipay.stop()
    for call in (
        lambda: gateway.trade_query(out_trade_no="T1"),
        lambda: gateway.trade_close(out_trade_no="T1"),
        lambda: gateway.trade_refund(
            out_trade_no="T1", refund_no="R", amount=Decimal(1), reason=""
        ),
    ):
        with pytest.raises(GatewayError) as raised:
            call()
        assert not isinstance(raised.value, GatewayRefused)


def test_notification_verify_refuses_what_alipay_did_not_send(fake_alipay):
    gateway = alipay_client(fake_alipay)
    fetch(pay_url(gateway, out_trade_no="T1"))
    fake_alipay.pay("T1", notify=False)
    good = fake_alipay.notification("T1")
    assert gateway.notification_verify(good).out_trade_no == "T1"
    _, gateway_key = keys_generated()

    def resigned(**changes):
        params = {key: value for key, value in {**good, **changes}.items() if value is not None}
        params["sign"] = params_sign(gateway_key, params, drop=NOTIFY_DROP)
        return params

    refused = [
        {**good, "sign": one_char_changed(good["sign"])},
        {**good, "total_amount": "0.01"},  # the amount changed after signing
        {key: value for key, value in good.items() if key != "sign"},
        resigned(app_id="2021000000009999"),  # signed by Alipay, but for another app
        resigned(trade_no=None),
        resigned(total_amount="eighty"),
        {**good, "sign_type": "RSA"},
    ]
    for params in refused:
        with pytest.raises(NotificationInvalid):
            gateway.notification_verify(params)
    with pytest.raises(NotificationInvalid):  # a true notification, but for another app
        alipay_client(fake_alipay, app_id="2021000000000043").notification_verify(good)


def test_an_expired_trade_cannot_be_paid(fake_alipay):
    gateway = alipay_client(fake_alipay)
    fetch(pay_url(gateway, out_trade_no="T1", minutes=1))
    real_clock = fake_alipay.fake.clock
    fake_alipay.fake.clock = lambda: real_clock() + timedelta(minutes=2)
    status, text = http_post(f"{fake_alipay.base_url}/pay/T1", {})
    assert status == 400 and "ACQ.TRADE_HAS_CLOSE" in text
    assert gateway.trade_query(out_trade_no="T1").trade_status == "TRADE_CLOSED"


# --- gateway_for and the settings --------------------------------------------------------------


def test_gateway_for_follows_the_settings(settings, fake_alipay, tmp_path):
    settings.ALIPAY_APP_ID = ""
    settings.SANDBOX_PAYMENT_ENABLED = False
    assert pay_methods_online() == set()
    for method in ("alipay", "sandbox", "cod"):
        with pytest.raises(PaymentUnavailable):
            gateway_for(method)
    fake_alipay.settings_apply(settings)
    gateway = gateway_for("alipay")
    assert gateway is gateway_for("alipay")  # keys are read once
    assert (gateway.pay_method, gateway.app_id) == ("alipay", fake_alipay.app_id)
    assert gateway.trade_query(out_trade_no="nothing") is None
    settings.ALIPAY_PRIVATE_KEY = "".join(fake_alipay.merchant_private_key_pem.splitlines()[1:-1])
    assert gateway_for("alipay") is not gateway  # new settings, a new gateway
    assert gateway_for("alipay").trade_query(out_trade_no="nothing") is None
    settings.SANDBOX_PAYMENT_ENABLED, settings.SANDBOX_GATEWAY_DIR = True, tmp_path
    assert pay_methods_online() == {"alipay", "sandbox"}
    assert gateway_for("sandbox").pay_method == "sandbox"


# --- (d) the sandbox gateway -----------------------------------------------------------------


def test_sandbox_keys_are_created_once_and_reused(tmp_path):
    directory = tmp_path / "sandbox"
    keys = []
    threads = [
        threading.Thread(
            target=lambda: keys.append(sandbox_module.key_load_or_create(directory, "merchant"))
        )
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    numbers = {key.public_key().public_numbers().n for key in keys}
    assert len(numbers) == 1  # racing creators all use the key that was linked first
    assert os.listdir(directory) == ["merchant.pem"]  # no temporary file left
    assert (directory / "merchant.pem").stat().st_mode & 0o777 == 0o600
    again = sandbox_module.key_load_or_create(directory, "merchant")
    assert again.public_key().public_numbers().n in numbers
    assert again.key_size == 2048


def test_the_sandbox_gateway_reads_its_keys_once_and_a_new_process_reads_the_same(
    settings, tmp_path
):
    settings.SANDBOX_PAYMENT_ENABLED, settings.SANDBOX_GATEWAY_DIR = True, tmp_path
    gateway = gateway_for("sandbox")
    assert gateway_for("sandbox") is gateway
    assert sorted(os.listdir(tmp_path)) == ["gateway.pem", "merchant.pem"]
    for cached in (sandbox_module._keys, sandbox_module._fake, sandbox_module._gateway):
        cached.cache_clear()  # as if another process started
    fresh = gateway_for("sandbox")
    assert fresh is not gateway
    assert fresh.private_key.private_numbers() == gateway.private_key.private_numbers()


@pytest.fixture
def sandbox(settings, tmp_path, monkeypatch):
    settings.SANDBOX_PAYMENT_ENABLED = True
    settings.SANDBOX_GATEWAY_DIR = tmp_path / "sandbox-gateway"
    queued = []
    monkeypatch.setattr(
        sandbox_module, "enqueue_on_commit", lambda task, **kwargs: queued.append(kwargs)
    )
    gateway = gateway_for("sandbox")
    gateway.queued = queued
    return gateway


@pytest.mark.django_db
def test_sandbox_cashier_pays_through_alipays_protocol(client, sandbox, fake_alipay):
    url = pay_url(sandbox, out_trade_no="S1", notify=fake_alipay.notify_sink_url)
    assert url.startswith("/orders/sandbox/gateway/?")  # on the site itself
    assert sandbox.trade_query(out_trade_no="S1") is None
    page = client.get(url)
    assert page.status_code == 200
    assert "沙箱支付" in page.content.decode() and "¥88.50" in page.content.decode()
    assert sandbox.trade_query(out_trade_no="S1").trade_status == "WAIT_BUYER_PAY"
    answer = client.post(url)
    assert answer.status_code == 302
    assert answer["Location"].startswith("http://127.0.0.1:9/orders/paid/?")
    assert "out_trade_no=S1" in answer["Location"]
    assert sandbox.queued == [{"out_trade_no": "S1"}]
    assert sandbox.trade_query(out_trade_no="S1").paid
    # the notification goes over HTTP, signed as Alipay signs it
    sandbox_module.sandbox_notification_send(out_trade_no="S1")
    notification = sandbox.notification_verify(fake_alipay.sunk[-1])
    assert notification.paid and notification.app_id == sandbox.app_id
    refund = sandbox.trade_refund(
        out_trade_no="S1", refund_no="R1", amount=Decimal("8.5"), reason=""
    )
    assert refund.amount == Decimal("8.50")


@pytest.mark.django_db
def test_sandbox_cashier_refuses_a_tampered_request(client, sandbox, settings):
    url = pay_url(sandbox, out_trade_no="S1")
    page = client.get(url.replace("88.50", "0.01"))
    assert page.status_code == 400 and "验签出错" in page.content.decode()
    assert client.post(url.replace("88.50", "0.01")).status_code == 400
    assert sandbox.queued == []
    settings.SANDBOX_PAYMENT_ENABLED = False
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_sandbox_notification_needs_the_answer_success(client, sandbox, fake_alipay):
    url = pay_url(sandbox, out_trade_no="S1", notify=f"{fake_alipay.base_url}/elsewhere")
    client.get(url)
    client.post(url)
    with pytest.raises(GatewayError):  # 404 from the notify URL
        sandbox_module.sandbox_notification_send(out_trade_no="S1")
    fake_alipay.stop()
    url = pay_url(sandbox, out_trade_no="S2", notify=fake_alipay.notify_sink_url)
    client.get(url)
    client.post(url)
    with pytest.raises(GatewayError):  # nobody listening
        sandbox_module.sandbox_notification_send(out_trade_no="S2")
    sandbox_module.sandbox_notification_send(out_trade_no="never-paid")  # nothing to send


def test_what_is_not_a_key_is_a_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        private_key_load("/no/such/key.pem")
    with pytest.raises(ImproperlyConfigured):
        public_key_load(base64.b64encode(b"not a key").decode())
