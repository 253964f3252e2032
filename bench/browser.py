"""What a browser sends for a view of a published page, read from the page and its script.

``static/js/live.js`` (with ``shop.js``) in a browser whose cache is warm, as a fixed sequence
can play it: the page (``Accept-Encoding: gzip``), then ONE ``/goods/live/`` call for the goods
the page shows, the fragments' included (``[data-sku-id], [data-live-id]``, at most 100), and,
for a logged-in shopper on a goods page, ``POST`` to the history URL. The fragments
(``[data-fragment]``) are kept a minute by the browser and the ``/session/`` answer by the tab
for as long as the marker cookie keeps its value, so only the first view in a fresh tab (the
``cold`` calls) fetches the fragments and asks ``/session/`` (when the marker is there). The
URLs come from the page's ``<body data-*-url>`` as the script reads them.
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


class PageView(list):
    """The calls of a view with a warm cache, and ``cold``: those of the first view in a tab."""

    def __init__(self, steady: list[Call], cold: list[Call]) -> None:
        super().__init__(steady)
        self.cold = cold


def _text(value: bytes) -> str:
    return html.unescape(value.decode())


def _get(base_url: str, call: Call) -> bytes:
    status, body, _ = fetch(base_url, call)
    if status != 200:
        raise RuntimeError(f"{call.path} answered {status}")
    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


def _live_call(live_url: str, cookie: dict[str, str], markup: bytes) -> list[Call]:
    """live.js's one call: each id once, at most 100."""
    ids: list[str] = []
    for sku_id in GOODS_ID.findall(markup):
        if sku_id.decode() not in ids and len(ids) < LIVE_MAX_IDS:
            ids.append(sku_id.decode())
    if not ids:
        return []
    return [Call("GET", f"{live_url}?ids={','.join(ids)}", {**cookie, **JSON})]


def page_view(base_url: str, path: str, shopper: Shopper) -> PageView:
    """The requests of a view of ``path`` by ``shopper``, in the order the browser sends them."""
    cookie = shopper.header()
    page = Call("GET", path, {"Accept-Encoding": "gzip", **cookie})
    body = _get(base_url, page)
    urls = {name.decode(): _text(url) for name, url in BODY_URL.findall(body)}
    fragments = [
        Call("GET", _text(fragment), {"Accept": "text/html", **cookie})
        for fragment in FRAGMENT.findall(body)
    ]
    # the fragments are in place before the one /goods/live/ call is made
    markup = body + b"".join(_get(base_url, fragment) for fragment in fragments)
    live = _live_call(urls["live"], cookie, markup)
    marked = MARKER_COOKIE in shopper.cookies
    detail = DETAIL_ID.search(body)
    history = []
    if detail and shopper.logged_in and marked:
        history = [history_call(shopper, urls["history"], int(detail.group(1)))]
    session = [Call("GET", urls["session"], {**cookie, **JSON})] if marked else []
    return PageView([page, *live, *history], cold=[page, *session, *fragments, *live, *history])


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
