"""deploy/nginx/'s bucket variant: with SNAPSHOT_S3_BUCKET set, nginx fetches the published
pages from the bucket (moto's S3 on loopback, read without credentials through a public-read
bucket policy) and hands what the bucket does not have to the app.

The same table of requests as the disk variant's (test_nginx.py) picks the same files; pages come
plain or as their .gz object, with the shop's headers and none of the bucket's; a page not in
the bucket, and a bucket that cannot be reached, are the app's (Granian), which gets the request
as the browser sent it.
"""

from __future__ import annotations

import gzip
import json
import re
import socket
import subprocess

import pytest

from catalog.tests.factories import SKUFactory, make_category, make_image
from freshsite import nginx_config, serve
from freshsite.tests.s3_server import bucket_name
from home.tests.test_homepage import publish_home
from snapshots.services import snapshots_publish_all
from snapshots.storage import snapshot_storage
from snapshots.tests.test_s3_snapshots import snapshots_to_bucket

from .test_nginx import (
    SECURITY_HEADERS,
    TABLE,
    Granian,
    csp_directives,
    disagreements_with,
    free_port,
    loose_file,
    nginx_starter,
    python_file,
    request,
)
from .test_serve import production_env

HOME = "<!doctype html><title>天天生鲜</title><p>published homepage</p>".encode()
LIST = "<!doctype html><title>水果</title><p>by price, page 2</p>".encode()
NAV = '<ul><li><a href="/fruit/">水果</a></li></ul>'.encode()


def unused_port() -> int:
    """A loopback port nothing listens on (the system's pick, outside the tests' range)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def snapshots_readable_by_anyone(s3_server, bucket: str, prefix: str) -> None:
    """The bucket policy the README gives: anyone may read the objects under the prefix (the
    snapshots), nothing else. moto asks for s3:HeadObject on a HEAD, where S3 (and MinIO) ask
    for s3:GetObject, which allows both; S3 would refuse the extra action."""
    statement = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": ["s3:GetObject", "s3:HeadObject"],
        "Resource": f"arn:aws:s3:::{bucket}/{prefix}*",
    }
    policy = {"Version": "2012-10-17", "Statement": [statement]}
    s3_server.client().put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


@pytest.fixture
def bucket(settings, s3_server):
    bucket = s3_server.bucket_create(bucket_name("nginx-snapshots"), public_read=False)
    snapshots_to_bucket(settings, s3_server, bucket.name)
    snapshots_readable_by_anyone(s3_server, bucket.name, settings.SNAPSHOT_S3_PREFIX)
    yield bucket
    bucket.empty_and_delete()


@pytest.fixture
def nginx_factory(tmp_path, bucket):
    with nginx_starter(tmp_path) as start:
        yield start


def test_the_bucket_variant_is_rendered_from_the_settings(tmp_path, settings, bucket):
    settings.SNAPSHOT_S3_PREFIX = "shop/snapshots/"
    config = nginx_config.nginx_config_write(
        prefix=tmp_path / "nginx", listen="127.0.0.1:1", app="127.0.0.1:2"
    )

    site = (config.parent / "dailyfresh.conf").read_text()
    endpoint = settings.SNAPSHOT_S3_CLIENT["endpoint_url"].removeprefix("http://")
    assert f"server {endpoint};" in site and "proxy_intercept_errors on;" in site
    assert f"rewrite ^ /{bucket.name}/shop/snapshots$dailyfresh_snapshot$dailyfresh_gz?" in site
    assert "error_page 403 404 418 500 502 503 504 = @app;" in site
    assert "try_files" not in site  # no disk locations
    assert not re.search(r"\{\{\w+\}\}", site)  # every placeholder filled
    settings.SNAPSHOT_S3_PREFIX = "a b/"
    with pytest.raises(ValueError):
        nginx_config.nginx_config_write(prefix=tmp_path / "n", listen="127.0.0.1:1", app="x:2")


def test_make_serve_renders_the_bucket_variant_from_the_environment(tmp_path):
    env = production_env(
        tmp_path,
        SNAPSHOT_S3_BUCKET="shop-pages",
        SNAPSHOT_S3_PREFIX="pages/",
        AWS_S3_ENDPOINT_URL="https://127.0.0.1:9443",
    )
    config = serve.nginx_config_render_for(
        env, prefix=tmp_path / "nginx", listen="127.0.0.1:18098", app="127.0.0.1:18099"
    )
    site = (config.parent / "dailyfresh.conf").read_text()

    assert "server 127.0.0.1:9443;" in site and "proxy_pass https://dailyfresh_bucket;" in site
    assert "rewrite ^ /shop-pages/pages$dailyfresh_snapshot$dailyfresh_gz? break;" in site
    assert "proxy_ssl_verify on;" in site and "proxy_set_header Host 127.0.0.1:9443;" in site
    check = subprocess.run([*serve.nginx_command(config), "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr

    # no endpoint: AWS's own, in the bucket's region
    env = production_env(tmp_path, SNAPSHOT_S3_BUCKET="shop-pages", AWS_S3_REGION_NAME="eu-west-1")
    config = serve.nginx_config_render_for(
        env, prefix=tmp_path / "aws", listen="127.0.0.1:18098", app="127.0.0.1:18099"
    )
    site = (config.parent / "dailyfresh.conf").read_text()
    assert "server s3.eu-west-1.amazonaws.com:443;" in site
    assert "rewrite ^ /shop-pages/snapshots$dailyfresh_snapshot" in site


def test_nginx_and_addresses_pick_the_same_file_from_the_bucket(nginx_factory):
    storage = snapshot_storage()
    expected = {(method, target): python_file(method, target) for method, target in TABLE}
    decoys = {loose_file(target) for _method, target in TABLE} - set(expected.values())
    for name in (set(expected.values()) | decoys) - {None}:
        storage.write(name, f"<p>{name}</p>".encode())
    nginx = nginx_factory(app_port=free_port())  # no app: what nginx leaves to it is a 502

    disagreements = disagreements_with(nginx, expected)
    assert not disagreements, "\n".join(disagreements)
    assert len([name for name in expected.values() if name]) > 50 and len(decoys) > 20


def test_pages_come_from_the_bucket_plain_or_gzip_with_the_shops_headers(nginx_factory):
    storage = snapshot_storage()
    storage.write("index.html", HOME)
    storage.write("fruit/price-2.html", LIST)
    storage.write("水果/index.html", LIST)  # a Chinese slug: nginx escapes the key it asks for
    storage.write("goods/fragments/nav.html", NAV)
    nginx = nginx_factory(app_port=free_port())  # no app behind: every 200 is the bucket's

    status, headers, body = nginx.get("/")
    assert (status, body) == (200, HOME)
    assert (
        headers["content-type"] == "text/html; charset=utf-8" and "content-encoding" not in headers
    )
    assert headers["cache-control"] == "no-cache" and headers["vary"] == "Accept-Encoding"
    assert not [name for name in headers if name.startswith(("x-amz", "x-amzn", "access-control"))]
    assert nginx.get("/", "GET", **{"If-None-Match": headers["etag"]})[0] == 304
    status, head_headers, head_body = nginx.get("/", "HEAD")
    assert (status, head_body, head_headers["content-length"]) == (200, b"", str(len(HOME)))

    status, gzip_headers, gzipped = nginx.get("/", **{"Accept-Encoding": "gzip, deflate, br"})
    assert gzip_headers["content-encoding"] == "gzip" and gzip.decompress(gzipped) == HOME
    assert gzip_headers["content-type"] == "text/html; charset=utf-8"
    assert gzip_headers["etag"] != headers["etag"]
    assert nginx.get("/", **{"Accept-Encoding": "gzip;q=0, identity"})[2] == HOME

    assert nginx.get("/fruit/?sort=price&page=2")[2] == LIST
    assert nginx.get("/%E6%B0%B4%E6%9E%9C/")[:3:2] == (200, LIST)

    # the security headers nginx's disk variant (and Django) sends, the bucket's own hidden
    wanted = nginx_config.security_headers()
    for name in SECURITY_HEADERS:
        if name != "strict-transport-security":  # HTTPS only
            assert headers.get(name) == wanted[name.title()], name
    assert csp_directives(headers["content-security-policy"]) == csp_directives(
        wanted["Content-Security-Policy"]
    )

    status, fragment_headers, body = nginx.get("/goods/fragments/nav.html")
    assert (status, body) == (200, NAV)
    assert fragment_headers["cache-control"] == "public, max-age=60"
    for name in (*SECURITY_HEADERS, "content-security-policy", "content-type", "vary"):
        assert fragment_headers.get(name) == headers.get(name), name

    # not in the bucket, or no snapshot for the request: the app's (here nobody's: 502)
    for target in ("/fruit/?sort=price&page=3", "/vegetables/", "/?x=1", "/goods/fragments/x.html"):
        assert nginx.get(target)[0] == 502, target
    assert nginx.get("/", "POST")[0] == 502


@pytest.fixture
def shop(transactional_db):
    fruit = make_category("新鲜水果", "fruit")
    strawberry = SKUFactory(category=fruit, name="丹东草莓", stock=7)
    publish_home(banners=[{"image": make_image("b").pk, "sku": strawberry.pk, "caption": "草莓季"}])
    return {"fruit": fruit, "strawberry": strawberry}


def test_a_page_the_bucket_does_not_have_is_the_apps(settings, tmp_path, shop, nginx_factory):
    assert not snapshots_publish_all().failed_keys
    storage = snapshot_storage()
    app = Granian(tmp_path / "granian.log", tmp_path / "no-snapshots")
    try:
        nginx = nginx_factory(app_port=app.port)
        published = storage.read("index.html")
        assert nginx.get("/")[:3:2] == (200, published)
        status, headers, body = nginx.get("/fruit/", **{"Accept-Encoding": "gzip"})
        assert status == 200 and gzip.decompress(body) == storage.read("fruit/index.html")

        storage.write("index.html", b"<p>from the bucket</p>")
        assert nginx.get("/")[2] == b"<p>from the bucket</p>"  # an edit shows at the next load
        storage.delete("index.html")
        status, headers, body = nginx.get("/?page=1")  # the app gets "/?page=1", not the key
        assert status == 200 and "草莓季" in body.decode()
        assert nginx.get("/fruit/?sort=price")[0] == 200  # fruit/price-1.html: there

        # a bucket that cannot be reached: the app answers every page
        settings.SNAPSHOT_S3_CLIENT = {
            **settings.SNAPSHOT_S3_CLIENT,
            "endpoint_url": f"http://127.0.0.1:{unused_port()}",
        }
        cut_off = nginx_factory(app_port=app.port)
        status, _headers, body = cut_off.get("/fruit/")
        assert status == 200 and "丹东草莓" in body.decode()
    finally:
        app.stop()
    assert request(nginx.port, "GET", "/fruit/")[0] == 200  # the bucket still answers
