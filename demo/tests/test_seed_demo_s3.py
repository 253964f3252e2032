"""`seed_demo` on S3 (issue 14): with the media storage on a bucket, every picture of the demo
shop is an object there, named by its content, and the pages show it from the bucket."""

import re

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model

from catalog.models import GoodsSKU
from freshsite.tests.s3_server import http_get

pytestmark = pytest.mark.django_db


def test_seed_demo_puts_every_picture_in_the_bucket_and_the_pages_show_them(s3_media, client):
    call_command("seed_demo", "--no-publish", stdout=open("/dev/null", "w"))  # noqa: SIM115
    keys = set(s3_media.keys())
    images = list(get_image_model().objects.all())
    assert images and {image.file.name for image in images} <= keys
    # content-addressed: <directory>/<2 hex>/<sha256>.<ext>, so a picture used twice is one object
    assert all(
        re.fullmatch(r"original_images/[0-9a-f]{2}/[0-9a-f]{64}\.\w+", image.file.name)
        for image in images
    )

    sku = GoodsSKU.objects.on_shelf().filter(image__isnull=False).order_by("pk").first()
    html = client.get(f"/goods/{sku.pk}/").content.decode()
    urls = set(re.findall(r'src="(http://127\.0\.0\.1:\d+/[^"]+)"', html))
    assert urls, "the goods page shows no picture from the bucket"
    for url in urls:
        status, body = http_get(url)  # no credentials: the media bucket is public-read
        assert status == 200 and body[:2] in (b"\xff\xd8", b"\x89P", b"RI", b"GI")
