"""A fake Alipay on loopback for the tests: a real HTTP server in a thread around FakeAlipay.

``GET|POST /gateway.do`` takes page.pay / wap.pay requests (a cashier page) and API calls
(query, close, refund, answered signed); ``POST /pay/<out_trade_no>`` pays and posts the signed
notification to the trade's notify_url over HTTP, then sends the browser to its return_url;
``POST /notify-sink`` records notifications for tests that have no shop to receive them.

Use the ``fake_alipay`` fixture; ``server.settings_apply(settings)`` points the shop at it.
"""

from __future__ import annotations

import html
import threading
import urllib.error
import urllib.request
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from shop.gateways.fake import PAY_METHODS, FakeAlipay, FakeRefused, MemoryTradeStore
from shop.gateways.signing import private_key_pem, public_key_pem

APP_ID = "2021000000000042"


@lru_cache(maxsize=1)
def keys_generated() -> tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]:
    """The merchant's and the gateway's keys, generated once per test process."""
    return (
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
    )


def http_post(url: str, params: dict[str, str], timeout: float = 10) -> tuple[int, str]:
    request = urllib.request.Request(  # noqa: S310 (loopback test URLs)
        url,
        data=urlencode(params).encode("utf-8"),
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as error:
        return 0, str(error)  # nobody listening: as Alipay would, note it and move on


class FakeAlipayServer:
    def __init__(self) -> None:
        merchant, gateway = keys_generated()
        self.app_id = APP_ID
        self.merchant_private_key_pem = private_key_pem(merchant)  # settings.ALIPAY_PRIVATE_KEY
        self.gateway_public_key_pem = public_key_pem(gateway.public_key())  # ALIPAY_PUBLIC_KEY
        self.store = MemoryTradeStore()
        self.fake = FakeAlipay(
            app_id=APP_ID,
            merchant_public_key=merchant.public_key(),
            gateway_private_key=gateway,
            store=self.store,
        )
        self.answer_filter = None  # body -> body: lets a test tamper with API answers
        self.sunk: list[dict[str, str]] = []  # notifications received at /notify-sink
        self.api_calls: list[dict[str, str]] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.gateway_url = f"{self.base_url}/gateway.do"
        self.notify_sink_url = f"{self.base_url}/notify-sink"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def settings_apply(self, settings) -> None:
        """Point the shop's Alipay settings (pytest-django's ``settings``) at this server."""
        settings.ALIPAY_APP_ID = self.app_id
        settings.ALIPAY_PRIVATE_KEY = self.merchant_private_key_pem
        settings.ALIPAY_PUBLIC_KEY = self.gateway_public_key_pem
        settings.ALIPAY_GATEWAY_URL = self.gateway_url
        settings.ALIPAY_TIMEOUT_SECONDS = 5

    @property
    def trades(self) -> dict[str, dict]:
        return {key: self.store.get(key) for key in list(self.store.trades)}

    def notification(self, out_trade_no: str) -> dict[str, str]:
        """The signed notification of a paid trade (to replay, tamper with, send late)."""
        return self.fake.notification_params(out_trade_no)

    def notify(self, out_trade_no: str, params: dict[str, str] | None = None) -> tuple[int, str]:
        """POST a notification (the trade's own unless ``params``) to the trade's notify_url."""
        trade = self.store.get(out_trade_no)
        return http_post(trade["notify_url"], params or self.notification(out_trade_no))

    def pay(self, out_trade_no: str, *, notify: bool = True) -> tuple[int, str] | None:
        """The buyer pays; then the notification goes out, as Alipay's does. Returns the
        shop's answer to it (status, body), or None when ``notify`` is false."""
        self.fake.trade_pay(out_trade_no)
        return self.notify(out_trade_no) if notify else None


def _handler_for(server: FakeAlipayServer):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 (the base class's name)
            pass  # keep the test output quiet

        def do_GET(self):  # noqa: N802 (http.server's name)
            self.route(dict(parse_qsl(urlsplit(self.path).query)))

        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            params = {**dict(parse_qsl(urlsplit(self.path).query)), **dict(parse_qsl(body))}
            self.route(params)

        def route(self, params: dict[str, str]) -> None:
            path = urlsplit(self.path).path
            try:
                if path == "/gateway.do" and params.get("method") in PAY_METHODS:
                    self.cashier(params)
                elif path == "/gateway.do" and self.command == "POST":
                    self.api(params)
                elif path.startswith("/pay/") and self.command == "POST":
                    self.paid(path.removeprefix("/pay/"))
                elif path == "/notify-sink" and self.command == "POST":
                    server.sunk.append(params)
                    self.send(200, "success", "text/plain")
                else:
                    self.send(404, "not found", "text/plain")
            except FakeRefused as refused:
                self.send(400, f"{refused.sub_code}: {refused.message}", "text/plain")

        def cashier(self, params: dict[str, str]) -> None:
            trade = server.fake.pay_request_accept(params)
            no = html.escape(trade["out_trade_no"])
            page = (
                '<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>收银台</title>'
                f"<h1>支付宝（测试）</h1><p data-trade='{no}'>{html.escape(trade['subject'])}</p>"
                f"<p data-amount>{html.escape(trade['total_amount'])}</p>"
                f'<form method="post" action="/pay/{no}"><button>确认付款</button></form>'
            )
            self.send(200, page, "text/html")

        def api(self, params: dict[str, str]) -> None:
            server.api_calls.append(params)
            body = server.fake.api_answer(params)
            if server.answer_filter:
                body = server.answer_filter(body)
            self.send(200, body, "application/json")

        def paid(self, out_trade_no: str) -> None:
            server.pay(out_trade_no)
            trade = server.store.get(out_trade_no)
            return_url = trade.get("return_url") or server.base_url
            separator = "&" if "?" in return_url else "?"
            query = urlencode(server.fake.return_params(out_trade_no))
            self.send_response(303)
            self.send_header("Location", f"{return_url}{separator}{query}")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def send(self, status: int, text: str, content_type: str) -> None:
            data = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@pytest.fixture
def fake_alipay():
    """A fake Alipay listening on 127.0.0.1 (a random port) for the length of one test."""
    server = FakeAlipayServer()
    yield server
    server.stop()
