"""What a browser sends for one view of a published page, read from the page and its script.

``static/js/live.js`` fetches the fragments the page names (``data-fragment``), asks
``/session/`` unless the marker cookie says there is no login and no cart, asks ``/goods/live/``
for the goods the page shows, and on a goods page of a logged-in shopper records the view with
``POST /accounts/history/``. The sequence built here follows the script in that order.
"""

from __future__ import annotations

import gzip
import http.cookiejar
import re
import urllib.parse
import urllib.request

from pageviews import Call, Shopper, fetch

# What live.js reads from the page (kept in step with the script: see its selectors).
FRAGMENT = re.compile(rb'data-fragment="([^"]+)"')
GOODS_ID = re.compile(rb'data-live-id="(\d+)"')
DETAIL_ID = re.compile(rb'data-goods-detail="(\d+)"')
MARKER_COOKIE = "df_session"  # set while there is a login or a cart (live.js skips /session/)
LIVE_MAX_IDS = 100


def page_view(base_url: str, path: str, shopper: Shopper) -> list[Call]:
    """The requests of one view of ``path`` by ``shopper``, in the order the browser sends them."""
    cookie = shopper.header()
    page = Call("GET", path, {"Accept-Encoding": "gzip", **cookie})
    status, body, _ = fetch(base_url, page)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    calls = [page]
    for fragment in dict.fromkeys(FRAGMENT.findall(body)):
        calls.append(Call("GET", fragment.decode().replace("&amp;", "&"), dict(cookie)))
    if MARKER_COOKIE in shopper.cookies:
        calls.append(Call("GET", "/session/", dict(cookie)))
    ids = list(dict.fromkeys(GOODS_ID.findall(body) + DETAIL_ID.findall(body)))[:LIVE_MAX_IDS]
    if ids:
        joined = ",".join(sku_id.decode() for sku_id in ids)
        calls.append(Call("GET", f"/goods/live/?ids={joined}", dict(cookie)))
    detail = DETAIL_ID.search(body)
    if detail and shopper.logged_in:
        calls.append(history_call(shopper, int(detail.group(1))))
    return calls


def history_call(shopper: Shopper, sku_id: int) -> Call:
    headers = {
        **shopper.header(),
        "X-CSRFToken": shopper.cookies["csrftoken"],
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Requested-With": "XMLHttpRequest",
    }
    return Call("POST", "/accounts/history/", headers, f"sku_id={sku_id}")


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
