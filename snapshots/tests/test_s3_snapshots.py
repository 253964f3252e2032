"""Published pages in an S3 bucket (SNAPSHOT_S3_BUCKET): moto's server on loopback
(freshsite/tests/s3_server.py), through boto3 as in production.

Publishing puts each page and its ``.gz`` under the prefix with the headers a browser needs
from the bucket; publishing again unchanged sends no PUT; a page that stops existing takes its
objects with it; the app never serves the pages itself (nginx or a CDN does).
"""

from __future__ import annotations

import gzip

import pytest

from catalog.tests.factories import SKUFactory, make_category, make_image
from freshsite.tests.s3_server import bucket_name
from home.tests.test_homepage import publish_home
from snapshots.services import snapshots_publish_all, snapshots_publish_dirty
from snapshots.storage import S3SnapshotStorage, SnapshotStorage, snapshot_storage

pytestmark = pytest.mark.django_db(transaction=True)

PREFIX = "snapshots/"


def snapshots_to_bucket(settings, s3_server, bucket: str, *, prefix: str = PREFIX) -> None:
    """The settings base.py builds when SNAPSHOT_S3_BUCKET and the AWS_* variables name
    ``bucket`` on ``s3_server``."""
    settings.SNAPSHOT_S3_BUCKET = bucket
    settings.SNAPSHOT_S3_PREFIX = prefix
    settings.SNAPSHOT_S3_CLIENT = {
        "endpoint_url": s3_server.endpoint_url,
        "region_name": s3_server.region,
        "aws_access_key_id": s3_server.access_key,
        "aws_secret_access_key": s3_server.secret_key,
        "addressing_style": "path",
    }


@pytest.fixture
def bucket(settings, s3_server):
    """A fresh public-read bucket the snapshot storage writes to, as the settings name it."""
    bucket = s3_server.bucket_create(bucket_name("snapshots"), public_read=True)
    snapshots_to_bucket(settings, s3_server, bucket.name)
    yield bucket
    bucket.empty_and_delete()


@pytest.fixture
def puts(bucket):
    """The keys the snapshot storage PUTs, in order, while the test runs."""
    keys: list[str] = []

    def count(params, **kwargs):
        keys.append(params["Key"])

    events = snapshot_storage().client.meta.events  # the one client the publisher uses
    events.register("provide-client-params.s3.PutObject", count, unique_id="snapshot-puts")
    yield keys
    events.unregister("provide-client-params.s3.PutObject", unique_id="snapshot-puts")


@pytest.fixture
def shop(bucket):
    fruit, veg = make_category("新鲜水果", "fruit"), make_category("新鲜蔬菜", "veg")
    strawberry = SKUFactory(category=fruit, name="丹东草莓", stock=7)
    spinach = SKUFactory(category=veg, name="菠菜", stock=12)
    image = make_image("banner")
    publish_home(banners=[{"image": image.pk, "sku": strawberry.pk, "caption": "草莓季"}])
    report = snapshots_publish_all()
    assert not report.failed_keys and report.written
    return {"fruit": fruit, "veg": veg, "strawberry": strawberry, "spinach": spinach}


def test_the_storage_is_the_bucket_and_the_app_does_not_serve_from_it(bucket, shop, client):
    storage = snapshot_storage()
    assert isinstance(storage, S3SnapshotStorage) and storage.bucket == bucket.name
    storage.write("index.html", b"<p>from the bucket</p>")
    SnapshotStorage().write("index.html", b"<p>from a file</p>")  # left from the disk days

    response = client.get("/")
    assert response.status_code == 200 and "草莓季" in response.content.decode()
    assert b"from the bucket" not in response.content and b"from a file" not in response.content


def test_publishing_puts_each_page_and_its_gzip_under_the_prefix(bucket, shop):
    keys = set(bucket.keys())
    client = snapshot_storage().client
    pages = {
        "index.html",
        "fruit/index.html",
        "veg/index.html",
        f"goods/{shop['strawberry'].pk}/index.html",
        f"goods/{shop['spinach'].pk}/index.html",
    }

    assert all(key.startswith(PREFIX) for key in keys)
    assert {PREFIX + name for name in pages} | {PREFIX + name + ".gz" for name in pages} <= keys
    assert {key + ".gz" for key in keys if key.endswith(".html")} == {
        key for key in keys if key.endswith(".gz")
    }  # every page has its .gz, and no .gz is alone
    for name in pages:
        page = client.head_object(Bucket=bucket.name, Key=PREFIX + name)
        packed = client.head_object(Bucket=bucket.name, Key=PREFIX + name + ".gz")
        assert page["ContentType"] == packed["ContentType"] == "text/html; charset=utf-8"
        assert page["CacheControl"] == packed["CacheControl"] == "no-cache"
        assert "ContentEncoding" not in page and packed["ContentEncoding"] == "gzip"
        assert gzip.decompress(bucket.read(PREFIX + name + ".gz")) == bucket.read(PREFIX + name)
    assert "丹东草莓" in bucket.read(PREFIX + "fruit/index.html").decode()
    fragments = [key for key in keys if key.startswith(PREFIX + "goods/fragments/")]
    assert fragments
    for key in fragments:  # kept a minute by the browser, as nginx and the app say
        assert client.head_object(Bucket=bucket.name, Key=key)["CacheControl"] == (
            "public, max-age=60"
        )


def test_publishing_again_unchanged_writes_nothing(bucket, shop, puts):
    before = {key: bucket.read(key) for key in bucket.keys(prefix="")}

    report = snapshots_publish_all()

    assert report.rendered > 5 and report.written == [] and report.removed == []
    assert puts == []
    assert {key: bucket.read(key) for key in bucket.keys(prefix="")} == before


def test_a_changed_page_is_one_put_per_file_the_gzip_first(bucket, shop, puts):
    strawberry = shop["strawberry"]
    strawberry.name = "丹东草莓 大果"
    strawberry.save()

    report = snapshots_publish_dirty()

    page = f"goods/{strawberry.pk}/index.html"
    assert page in report.written
    assert puts[puts.index(PREFIX + page + ".gz") + 1] == PREFIX + page
    assert len(puts) == 2 * len(report.written) == 2 * len(set(report.written))
    assert "丹东草莓 大果" in bucket.read(PREFIX + page).decode()


def test_an_unpublished_category_page_takes_its_objects_with_it(bucket, shop):
    spinach = f"goods/{shop['spinach'].pk}/index.html"
    assert {f"{PREFIX}veg/index.html", f"{PREFIX}{spinach}.gz"} <= set(bucket.keys())

    shop["veg"].unpublish()
    report = snapshots_publish_dirty()

    keys = set(bucket.keys())
    assert not [key for key in keys if key.startswith(PREFIX + "veg/")]
    assert PREFIX + spinach not in keys and PREFIX + spinach + ".gz" not in keys
    assert {"veg/index.html", spinach} <= set(report.removed)
    assert PREFIX + "fruit/index.html" in keys and PREFIX + "fruit/index.html.gz" in keys


def test_listing_and_deleting_in_the_bucket(bucket):
    storage = snapshot_storage()
    for name in ("fruit/index.html", "fruit/price-2.html", "goods/1/index.html", "index.html"):
        assert storage.write(name, f"<p>{name}</p>".encode()) is True

    assert storage.names("fruit") == {"fruit/index.html", "fruit/price-2.html"}
    assert storage.names() == {"index.html"}
    assert storage.all_names() == {
        "fruit/index.html", "fruit/price-2.html", "goods/1/index.html", "index.html",
    }  # fmt: skip
    assert storage.read("fruit/price-2.html") == b"<p>fruit/price-2.html</p>"
    assert storage.read("fruit/price-3.html") is None
    assert storage.delete("fruit/price-2.html") is True
    assert storage.delete("fruit/price-2.html") is False
    assert PREFIX + "fruit/price-2.html.gz" not in bucket.keys(prefix=PREFIX)
    with pytest.raises(ValueError):
        storage.write("../outside.html", b"x")


def test_a_page_whose_gzip_a_failed_write_left_behind_is_written_again(bucket):
    """The .gz of B went in, the page PUT failed and A is published again: the page's ETag says
    A, but gzip clients get the .gz, so both objects are written again."""
    storage = snapshot_storage()
    old, new = b"<p>A</p>", b"<p>B</p>"
    assert storage.write("index.html", old) is True
    storage.client.put_object(
        Bucket=bucket.name, Key=PREFIX + "index.html.gz", Body=gzip.compress(new)
    )  # as the first half of B's write
    assert storage.write("index.html", old) is True
    assert gzip.decompress(bucket.read(PREFIX + "index.html.gz")) == old
    assert storage.write("index.html", old) is False


def test_a_delete_removes_the_gzip_first(bucket):
    """nginx answers gzip clients from the .gz alone: it goes first, so a delete that fails
    half-way leaves the page (listed, removed by the next sweep), never a hidden .gz."""
    storage = snapshot_storage()
    storage.write("fruit/index.html", b"<p>fruit</p>")
    deleted: list[str] = []
    events = storage.client.meta.events
    record = lambda params, **kwargs: deleted.append(params["Key"])  # noqa: E731
    events.register("provide-client-params.s3.DeleteObject", record, unique_id="deletes")
    try:
        assert storage.delete("fruit/index.html") is True
    finally:
        events.unregister("provide-client-params.s3.DeleteObject", unique_id="deletes")
    assert deleted == [PREFIX + "fruit/index.html.gz", PREFIX + "fruit/index.html"]
