"""The built-in sandbox gateway: Alipay's protocol end to end, without money.

Two key pairs (the merchant's and the gateway's) are generated on first use into
``SANDBOX_GATEWAY_DIR``; trades live in the store (Redis). ``SandboxGateway`` is the Alipay
client with those keys, its pay URL the site's own cashier page (``sandbox_cashier``) and its
API calls answered in process by ``FakeAlipay``. The cashier's Pay button queues
``shop.tasks.sandbox_notify_task``, which POSTs a signed notification to the shop over HTTP
(``sandbox_notification_send``): the shop verifies it exactly as it verifies Alipay's.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode, urljoin

from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from freshsite.queue import enqueue_on_commit
from freshsite.store import store_redis

from . import GatewayError
from .alipay import AlipayGateway
from .fake import PAY_METHODS, FakeAlipay, FakeRefused
from .signing import private_key_load, private_key_pem

logger = logging.getLogger(__name__)

SANDBOX_APP_ID = "sandbox"
CASHIER_PATH = "/orders/sandbox/gateway/"  # shop/urls.py routes it to sandbox_cashier
TRADE_TTL = timedelta(days=7)  # refunds of sandbox orders work for a week
NOTIFY_TIMEOUT_SECONDS = 10


def key_load_or_create(directory: Path, name: str) -> rsa.RSAPrivateKey:
    """``<directory>/<name>.pem``, generated (2048 bits, mode 0600) if it does not exist yet.

    Written to a temporary file and then hard-linked into place: a link never replaces, so
    when two processes race, the first key linked is the one both use.
    """
    path = directory / f"{name}.pem"
    if not path.exists():
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        temporary = directory / f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(private_key_pem(key))
                file.flush()
                os.fsync(file.fileno())
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process linked its key first
        finally:
            temporary.unlink(missing_ok=True)
    return private_key_load(path.read_text(), str(path))


class RedisTradeStore:
    """The sandbox's trades, one JSON value per trade, kept a few days."""

    prefix = "sandbox_trade:"

    def get(self, out_trade_no: str) -> dict | None:
        raw = store_redis().get(self.prefix + out_trade_no)
        return json.loads(raw) if raw else None

    def put(self, out_trade_no: str, trade: dict) -> None:
        value = json.dumps(trade, ensure_ascii=False)
        store_redis().set(self.prefix + out_trade_no, value, ex=TRADE_TTL)

    @contextmanager
    def locked(self, out_trade_no: str):
        lock = store_redis().lock(
            f"{self.prefix}lock:{out_trade_no}", timeout=10, blocking_timeout=10
        )
        with lock:
            yield


class SandboxGateway(AlipayGateway):
    pay_method = "sandbox"


# Keyed on the directory: keys are read once per process; a test with its own directory gets
# gateways of its own.
@lru_cache(maxsize=4)
def _keys(directory: str) -> tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]:
    path = Path(directory)
    return key_load_or_create(path, "merchant"), key_load_or_create(path, "gateway")


@lru_cache(maxsize=4)
def _fake(directory: str) -> FakeAlipay:
    merchant, gateway = _keys(directory)
    return FakeAlipay(
        app_id=SANDBOX_APP_ID,
        merchant_public_key=merchant.public_key(),
        gateway_private_key=gateway,
        store=RedisTradeStore(),
    )


@lru_cache(maxsize=4)
def _gateway(directory: str) -> SandboxGateway:
    merchant, gateway = _keys(directory)
    fake = _fake(directory)
    return SandboxGateway(
        app_id=SANDBOX_APP_ID,
        private_key=merchant,
        alipay_public_key=gateway.public_key(),
        gateway_url=CASHIER_PATH,
        transport=lambda url, form: fake.api_answer(form),
    )


def sandbox_fake() -> FakeAlipay:
    return _fake(str(settings.SANDBOX_GATEWAY_DIR))


def sandbox_gateway() -> SandboxGateway:
    return _gateway(str(settings.SANDBOX_GATEWAY_DIR))


@require_http_methods(["GET", "POST"])
def sandbox_cashier(request: HttpRequest) -> HttpResponse:
    """The sandbox's cashier: GET shows the signed pay request's order, POST pays it.

    The pay request stays in the query string (the form posts back to the same URL), so the
    POST is checked against the merchant's signature just as the GET was.
    """
    if not settings.SANDBOX_PAYMENT_ENABLED:
        raise Http404
    fake = sandbox_fake()
    params = request.GET.dict()
    try:
        if request.method == "POST":
            if params.get("method") not in PAY_METHODS:
                raise FakeRefused("isv.invalid-method", "不存在的方法名", code="40002")
            trade = fake.trade_pay(fake.request_verify(params)["out_trade_no"])
            return _paid_redirect(fake, trade)
        trade = fake.pay_request_accept(params)
    except FakeRefused as refused:
        context = {"error": refused.message, "trade": fake.store.get(_out_trade_no(params))}
        return render(request, "shop/sandbox_pay.html", context, status=400)
    return render(request, "shop/sandbox_pay.html", {"trade": trade})


def _out_trade_no(params) -> str:
    try:
        return str(json.loads(params.get("biz_content") or "{}").get("out_trade_no") or "")
    except (ValueError, AttributeError):
        return ""


def _paid_redirect(fake: FakeAlipay, trade: dict) -> HttpResponse:
    from shop.tasks import sandbox_notify_task  # tasks import the gateways: import when used

    out_trade_no = trade["out_trade_no"]
    enqueue_on_commit(sandbox_notify_task, out_trade_no=out_trade_no)
    return_url = trade.get("return_url") or "/"
    separator = "&" if "?" in return_url else "?"
    return redirect(f"{return_url}{separator}{urlencode(fake.return_params(out_trade_no))}")


def sandbox_notification_send(*, out_trade_no: str) -> None:
    """POST the paid trade's signed notification to its notify_url, as Alipay does.

    Raises GatewayError unless the shop answers exactly ``success`` (Alipay then tries again).
    """
    fake = sandbox_fake()
    trade = fake.store.get(out_trade_no)
    if trade is None or not trade.get("gmt_payment"):
        logger.warning("sandbox notification: no paid trade %s", out_trade_no)
        return
    url = urljoin(settings.SITE_URL, trade["notify_url"])
    data = urlencode(fake.notification_params(out_trade_no)).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 (the shop's own notify URL)
        url, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    try:
        with urllib.request.urlopen(request, timeout=NOTIFY_TIMEOUT_SECONDS) as answer:  # noqa: S310
            body = answer.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as exc:
        raise GatewayError(f"sandbox notification to {url}: {exc}") from exc
    if body != "success":
        raise GatewayError(f"sandbox notification to {url} answered {body[:200]!r}")
