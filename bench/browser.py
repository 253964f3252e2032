"""What a browser sends for one view of a published page, read from the page and its script.

``static/js/live.js`` (with ``shop.js``), in the order a fixed sequence can play it: the page
(``Accept-Encoding: gzip``); ``/session/`` when the marker cookie is there (a login or a cart);
``/goods/live/`` for the goods the page shows (``[data-sku-id], [data-live-id]``, at most 100);
each fragment the page names (``[data-fragment]``), each followed by ``/goods/live/`` for the
goods it adds; and, for a logged-in shopper on a goods page, ``POST`` to the history URL.
The URLs come from the page's ``<body data-*-url>`` as the script reads them.
"""

from __future__ import annotations

import gzip
import html
import http.cookiejar
import re
import urllib.parse
import urllib.request

from pageviews import Call, Shopper, fetch

# What live.js and shop.js read from the page (keep in step with their selectors).
FRAGMENT = re.compile(rb'data-fragment="([^"]+)"')
GOODS_ID = re.compile(rb'data-(?:sku|live)-id="([0-9]{1,18})"')
DETAIL_ID = re.compile(rb'data-goods-detail="([0-9]+)"')
BODY_URL = re.compile(rb'data-(session|live|history)-url="([^"]+)"')
MARKER_COOKIE = "fresh_personal"  # shop/middleware.py: a login or a cart; else no /session/
LIVE_MAX_IDS = 100
JSON = {"Accept": "application/json"}


def _text(value: bytes) -> str:
    return html.unescape(value.decode())


def _get(base_url: str, call: Call) -> bytes:
    status, body, _ = fetch(base_url, call)
    if status != 200:
        raise RuntimeError(f"{call.path} answered {status}")
    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


class _Goods:
    """live.js's ``asked``: each id asked for once, at most 100 to a call."""

    def __init__(self, live_url: str, cookie: dict[str, str]) -> None:
        self.live_url, self.cookie, self.asked = live_url, cookie, set()

    def call(self, markup: bytes) -> list[Call]:
        ids = []
        for sku_id in GOODS_ID.findall(markup):
            if sku_id not in self.asked and len(ids) < LIVE_MAX_IDS:
                self.asked.add(sku_id)
                ids.append(sku_id.decode())
        if not ids:
            return []
        return [Call("GET", f"{self.live_url}?ids={','.join(ids)}", {**self.cookie, **JSON})]


def page_view(base_url: str, path: str, shopper: Shopper) -> list[Call]:
    """The requests of one view of ``path`` by ``shopper``, in the order the browser sends them."""
    cookie = shopper.header()
    page = Call("GET", path, {"Accept-Encoding": "gzip", **cookie})
    body = _get(base_url, page)
    urls = {name.decode(): _text(url) for name, url in BODY_URL.findall(body)}
    calls = [page]
    if MARKER_COOKIE in shopper.cookies:
        calls.append(Call("GET", urls["session"], {**cookie, **JSON}))
    goods = _Goods(urls["live"], cookie)
    calls += goods.call(body)
    for fragment in FRAGMENT.findall(body):
        fetch_fragment = Call("GET", _text(fragment), {"Accept": "text/html", **cookie})
        calls.append(fetch_fragment)
        calls += goods.call(_get(base_url, fetch_fragment))
    detail = DETAIL_ID.search(body)
    if detail and shopper.logged_in and MARKER_COOKIE in shopper.cookies:
        calls.append(history_call(shopper, urls["history"], int(detail.group(1))))
    return calls


def history_call(shopper: Shopper, url: str, sku_id: int) -> Call:
    headers = {
        **shopper.header(),
        **JSON,
        "X-CSRFToken": shopper.cookies["csrftoken"],
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
    }
    return Call("POST", url, headers, f"sku_id={sku_id}")


def log_in(base_url: str, *, username: str, password: str, cart_sku_id: int) -> Shopper:
    """A real shopper's cookies: the login form posted, one goods put in the cart."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base_url}/session/", timeout=30).read()
    csrf = _cookie(jar, "csrftoken")
    form = {"username": username, "password": password, "csrfmiddlewaretoken": csrf}
    opener.open(
        urllib.request.Request(  # noqa: S310
            f"{base_url}/accounts/login/",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Referer": f"{base_url}/accounts/login/"},
        ),
        timeout=30,
    ).read()
    csrf = _cookie(jar, "csrftoken")
    opener.open(
        urllib.request.Request(  # noqa: S310
            f"{base_url}/cart/add/",
            data=f"sku_id={cart_sku_id}&count=1".encode(),
            headers={"X-CSRFToken": csrf, "Referer": f"{base_url}/"},
        ),
        timeout=30,
    ).read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"the login did not start a session: {sorted(cookies)}")
    return Shopper(cookies)


def _cookie(jar: http.cookiejar.CookieJar, name: str) -> str:
    for cookie in jar:
        if cookie.name == name:
            return cookie.value
    raise RuntimeError(f"no {name} cookie was set")


def live_call(base_url: str, path: str) -> Call:
    """The ``/goods/live/`` call a guest's view of ``path`` makes."""
    calls = page_view(base_url, path, Shopper())
    return next(call for call in calls if call.path.startswith("/goods/live/"))
