"""deploy/nginx/ in front of the app: published pages without Python, the rest from Granian.

nginx runs with the config ``freshsite.serve`` renders from these settings, in a directory of
the test's own. One table of requests goes through nginx and through ``file_for_request``
(snapshots/addresses.py, the rules the app applies without nginx): both must pick the same file,
or both leave the request to the app. Then nginx in front of a real Granian on the test
database: pages from the snapshots (with Granian stopped too), the rest from the app, the same
security headers as a Django page, and /goods/live/ micro-cached.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qsl, unquote

import pytest
from django.conf import settings
from django.db import connection

from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory
from freshsite import serve
from snapshots.addresses import FRAGMENT_PATH as FRAGMENT
from snapshots.addresses import file_for_request, page_file
from snapshots.storage import SnapshotStorage

START_SECONDS = 60


def free_port(*, besides: int = 0) -> int:
    """A free loopback port of the ops range (18000-18099), other than ``besides``."""
    for port in range(18000, 18100):
        if port == besides:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18000-18099")


def request(port: int, method: str, target: str, headers: dict | None = None):
    """(status, headers with lower-case names, body): the raw target goes out as written."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        client.putrequest(method, target, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            client.putheader(name, value)
        client.endheaders()
        response = client.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        client.close()


def wait_until_answers(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            request(port, "GET", "/healthz")
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"did not start:\n{log.read_text(errors='replace')}") from None
            time.sleep(0.1)


class Nginx:
    def __init__(self, prefix: Path, *, app_port: int) -> None:
        self.port = free_port(besides=app_port)
        config = serve.nginx_config_write(
            prefix=prefix, listen=f"127.0.0.1:{self.port}", app=f"127.0.0.1:{app_port}"
        )
        self.log = prefix / "logs" / "error.log"
        self.process = subprocess.Popen(
            serve.nginx_command(config), stderr=subprocess.STDOUT, stdout=self.log.open("ab")
        )
        wait_until_answers(self.port, self.process, self.log)

    def get(self, target: str, method: str = "GET", **headers):
        return request(self.port, method, target, headers)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


def disagreements_with(nginx, expected: dict) -> list[str]:
    """Each request of ``expected`` ({(method, target): file or None}) where nginx, whose files
    hold their own names as ``<p>name</p>``, serves another file than addresses.py picks, or
    serves one where addresses.py leaves the request to the app (502: no app behind nginx)."""
    disagreements = []
    for (method, target), name in expected.items():
        status, _headers, body = nginx.get(target, method)
        nginx_name = None if status == 502 else body.decode()[3:-4] if method == "GET" else "?"
        agree = status == 502 if name is None else status == 200
        if agree and (method != "GET" or nginx_name == name):
            continue
        disagreements.append(f"{method} {target}: addresses.py {name}, nginx {status} {body[:60]}")
    return disagreements


@contextmanager
def nginx_starter(directory: Path):
    """A function that starts nginx in front of an app port, each in its own directory under
    ``directory``; every nginx it started is stopped at the end."""
    started = []

    def start(*, app_port: int) -> Nginx:
        started.append(Nginx(directory / f"nginx-{len(started)}", app_port=app_port))
        return started[-1]

    try:
        yield start
    finally:
        for nginx in started:
            nginx.stop()


@pytest.fixture
def snapshot_root(settings, tmp_path):
    settings.SNAPSHOT_ROOT = tmp_path / "snapshots"
    return settings.SNAPSHOT_ROOT


@pytest.fixture
def nginx_factory(tmp_path, snapshot_root):
    with nginx_starter(tmp_path) as start:
        yield start


# --- the mapping: nginx's maps and addresses.file_for_request agree ---------------------------
PATHS = [
    "/", "/fruit/", "/goods/12/", "/a/b/c/", "/%E6%B0%B4%E6%9E%9C/", "/fr%75it/",
    "/fruit", "//fruit/", "/goods/12", "/fruit/a.b/", "/fruit/index.html", "/goods/fragments/",
    "/goods/fragments/nav.html", "/goods/fragments/newest-3.html", "/goods/fragments/a.b.html",
]  # fmt: skip
QUERIES = [
    "", "sort=default", "page=1", "sort=default&page=1", "page=1&sort=default", "sort=price",
    "sort=hot&page=2", "page=2&sort=hot", "page=7", "page=99999", "page=100000", "page=0",
    "page=01", "page=", "page", "sort=", "sort=cheap", "sort=PRICE", "SORT=price",
    "sort=price&sort=hot", "page=2&page=3", "sort=price&page=2&sort=price", "x=1",
    "sort=price&x=1", "sort=price&", "&sort=price", "sort=pr%69ce", "sort=price+",
    "sort=price;page=2", "sort=price&&page=2", "page=2%26sort=hot",
]  # fmt: skip
TABLE = [
    (method, path + (f"?{query}" if query else ""))
    for path in PATHS
    for query in QUERIES
    for method in ("GET", "HEAD")
] + [("POST", "/"), ("PUT", "/fruit/"), ("DELETE", "/goods/12/"), ("OPTIONS", "/"), ("GET", "/?")]


def python_file(method: str, target: str) -> str | None:
    """What the app itself serves for ``target``: WSGI gives it the decoded path, the raw
    query."""
    path, _, query = target.partition("?")  # not urlsplit: "//fruit/" is a path here
    return file_for_request(method, unquote(path), query)


def loose_file(target: str) -> str:
    """The file a careless reading of ``target`` would pick (any value, the last of a repeated
    argument, slashes merged): published too, so a map that reads too much is caught."""
    path, _, query = target.partition("?")
    path = re.sub("/+", "/", unquote(path).rstrip("/") + "/")
    if FRAGMENT.fullmatch(path.rstrip("/")):
        return path.strip("/")
    values = dict(parse_qsl(query, keep_blank_values=True))
    sort, page = values.get("sort", "default"), values.get("page", "1")
    return (
        page_file(path, sort=sort, page=page)
        if (sort, page) != ("default", "1")
        else page_file(path)
    )


def test_nginx_and_addresses_pick_the_same_file(nginx_factory, snapshot_root):
    storage = SnapshotStorage(snapshot_root)
    expected = {(method, target): python_file(method, target) for method, target in TABLE}
    decoys = {loose_file(target) for _method, target in TABLE} - set(expected.values())
    # not where a file is a directory of another ("/fruit/index.html/" would be)
    decoys = {name for name in decoys if ".html/" not in name}
    for name in (set(expected.values()) | decoys) - {None}:
        storage.write(name, f"<p>{name}</p>".encode())  # every file either side could pick
    nginx = nginx_factory(app_port=free_port())  # no app: what nginx leaves to it is a 502

    disagreements = disagreements_with(nginx, expected)
    assert not disagreements, "\n".join(disagreements)
    # the table tests both ways: files to serve, and files that must not be served
    assert len([name for name in expected.values() if name]) > 50 and len(decoys) > 20


def test_a_published_file_not_there_is_the_apps(nginx_factory, snapshot_root):
    SnapshotStorage(snapshot_root).write("fruit/index.html", b"<p>fruit</p>")
    nginx = nginx_factory(app_port=free_port())

    assert nginx.get("/fruit/")[0] == 200
    assert nginx.get("/fruit/?page=2")[0] == 502  # fruit/default-2.html: not published
    assert nginx.get("/vegetables/")[0] == 502


# --- nginx in front of Granian ----------------------------------------------------------------
HOME = "<!doctype html><title>天天生鲜</title><p>published homepage</p>".encode()
LIST = "<!doctype html><title>水果</title><p>by price, page 2</p>".encode()
NAV = '<ul><li><a href="/fruit/">水果</a></li></ul>'.encode()
SECURITY_HEADERS = (
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "strict-transport-security",
)


class Granian:
    """The app as ``make serve`` runs it, on this test's database, store and snapshots."""

    def __init__(self, log: Path, snapshot_root: Path) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "freshsite.settings.test",
            "TEST_WORKER_DATABASE_NAME": str(connection.settings_dict["NAME"]),
            "TEST_SNAPSHOT_ROOT": str(snapshot_root),
        }
        command = serve.granian_command(address=f"127.0.0.1:{self.port}", workers=1)
        self.process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT
        )
        wait_until_answers(self.port, self.process, log)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)


@pytest.fixture
def granian(transactional_db, tmp_path, snapshot_root):
    app = Granian(tmp_path / "granian.log", snapshot_root)
    yield app
    app.stop()


def csp_directives(value: str) -> set[str]:
    """django-csp joins the directives in no fixed order (a set)."""
    return {directive.strip() for directive in value.split(";")}


def test_pages_from_snapshots_and_the_rest_from_granian(granian, nginx_factory, snapshot_root):
    storage = SnapshotStorage(snapshot_root)
    storage.write("index.html", HOME)
    storage.write("fruit/price-2.html", LIST)
    storage.write("goods/fragments/nav.html", NAV)
    nginx = nginx_factory(app_port=granian.port)

    status, headers, body = nginx.get("/")
    assert (status, body) == (200, HOME)
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-cache" and headers["etag"]
    assert nginx.get("/fruit/?sort=price&page=2")[2] == LIST
    assert nginx.get("/", "GET", **{"If-None-Match": headers["etag"]})[0] == 304
    status, head_headers, head_body = nginx.get("/", "HEAD")
    assert (status, head_body, head_headers["content-length"]) == (200, b"", str(len(HOME)))
    status, gzip_headers, gzipped = nginx.get("/", **{"Accept-Encoding": "gzip"})
    assert gzip_headers["content-encoding"] == "gzip" and gzip.decompress(gzipped) == HOME

    for target in ("/?page=0", "/?x=1", "/fruit/?sort=price&page=3", "/accounts/login/"):
        status, _headers, body = nginx.get(target)
        assert status != 502 and HOME not in body and LIST not in body, target  # Granian's

    # the headers Django puts on its own pages (Granian, no nginx in between)
    _status, django_headers, _body = request(granian.port, "GET", "/accounts/login/")
    for name in SECURITY_HEADERS:
        assert headers.get(name) == django_headers.get(name), name
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert csp_directives(headers["content-security-policy"]) == csp_directives(
        django_headers["content-security-policy"]
    )

    # the fragments pages share: kept a minute by the browser, with the same security headers
    status, fragment_headers, body = nginx.get("/goods/fragments/nav.html")
    assert (status, body) == (200, NAV)
    assert fragment_headers["cache-control"] == "public, max-age=60" and fragment_headers["etag"]
    for name in (*SECURITY_HEADERS, "content-security-policy", "content-type"):
        assert fragment_headers.get(name) == headers.get(name), name
    etag = {"If-None-Match": fragment_headers["etag"]}
    assert nginx.get("/goods/fragments/nav.html", **etag)[0] == 304


def test_logged_in_shopper_gets_the_snapshot_and_the_session_from_granian(
    granian, nginx_factory, snapshot_root, client
):
    SnapshotStorage(snapshot_root).write("index.html", HOME)
    nginx = nginx_factory(app_port=granian.port)
    user, sku = UserFactory(username="nginx_shopper"), SKUFactory(stock=10)
    client.force_login(user)
    assert client.post("/cart/add/", {"sku_id": sku.pk, "count": 2}).json()["cart_count"] == 1
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    status, headers, body = nginx.get("/session/", Cookie=cookie)
    assert status == 200 and headers["cache-control"] == "no-store"
    answer = json.loads(body)
    assert answer["user"] == {"username": "nginx_shopper"} and answer["cart_count"] == 1
    assert nginx.get("/", Cookie=cookie)[2] == HOME

    granian.stop()
    assert nginx.get("/accounts/login/")[0] == 502  # Granian is gone
    assert nginx.get("/")[:3:2] == (200, HOME)  # anonymous
    assert nginx.get("/", Cookie=cookie)[:3:2] == (200, HOME)  # logged in


def test_goods_live_is_micro_cached(granian, nginx_factory):
    nginx = nginx_factory(app_port=granian.port)
    first, second = SKUFactory(stock=7), SKUFactory(stock=3)

    status, headers, body = nginx.get(f"/goods/live/?ids={first.pk}")
    assert status == 200 and headers["x-cache-status"] in ("MISS", "EXPIRED")
    assert json.loads(body)["goods"][str(first.pk)]["stock"] == 7
    # within its second the next answers come from nginx's cache (a slow machine may let the
    # second pass: then one of the following is a hit again)
    answers = [nginx.get(f"/goods/live/?ids={first.pk}") for _ in range(3)]
    hits = [a for a in answers if a[1]["x-cache-status"] == "HIT"]
    assert hits and all("set-cookie" not in a[1] for a in hits) and hits[0][2] == body
    # the arguments are part of the key
    status, headers, body = nginx.get(f"/goods/live/?ids={second.pk}")
    assert headers["x-cache-status"] == "MISS" and str(second.pk) in json.loads(body)["goods"]
