"""Goods pictures on S3 (moto on loopback, signatures checked: freshsite/tests/s3_server.py).

Uploaded through Wagtail's admin, stored through django-storages with the options base.py
builds, shown on a goods detail page and fetched from the bucket without credentials.
"""

import re
from io import BytesIO
from urllib.parse import unquote, urlsplit

import pytest
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image as PILImage
from storages.backends.s3 import S3Storage
from wagtail.images import get_image_model

from freshsite.tests.s3_server import bucket_name, http_get, media_storage

from .factories import SKUFactory, make_category

pytestmark = pytest.mark.django_db


def png(colour: str, size=(48, 40)) -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def admin_upload(admin_client, *, title: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": title, "file": SimpleUploadedFile(f"{title}.PNG", content, "image/png")},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return get_image_model().objects.get(title=title)


def bucket_key(url: str, bucket) -> str:
    """The object a media URL names: http://<endpoint>/<bucket>/<key> (path-style)."""
    path = unquote(urlsplit(url).path)
    assert path.startswith(f"/{bucket.name}/"), url
    return path.removeprefix(f"/{bucket.name}/")


def test_a_picture_uploaded_in_the_admin_is_shown_from_the_bucket(admin_client, client, s3_media):
    original = png("#d0312d")
    image = admin_upload(admin_client, title="草莓", content=original)
    assert s3_media.read(image.file.name) == original  # the upload itself, in the bucket
    sku = SKUFactory(name="草莓 500g", image=image, category=make_category())

    html = client.get(reverse("catalog:detail", args=[sku.pk])).content.decode()

    main = re.search(r'<img [^>]*class="detail__main-image"[^>]*>', html).group(0)
    url = re.search(r'src="([^"]+)"', main).group(1)
    assert url.startswith(f"{s3_media.server.endpoint_url}/{s3_media.name}/images/"), url
    assert "Signature" not in url  # a plain URL: published pages outlive signed ones
    status, body = http_get(url)  # no credentials, as a browser
    assert status == 200
    key = bucket_key(url, s3_media)
    assert body == s3_media.read(key)
    rendition = image.renditions.get(filter_spec="fill-600x600")
    assert rendition.file.name == key and rendition.url == url
    assert PILImage.open(BytesIO(body)).size == (rendition.width, rendition.height)
    assert key in s3_media.keys("images/")  # the rendition landed in the bucket


def test_the_bucket_refuses_what_the_server_does_not_sign(s3_server, s3_media):
    """Writing needs this server's key; reading the public bucket needs none."""
    wrong = s3_server.client(secret_key="not-the-secret")
    with pytest.raises(ClientError) as refused:
        wrong.put_object(Bucket=s3_media.name, Key="original_images/x.png", Body=b"x")
    assert refused.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    assert http_get(f"{s3_server.endpoint_url}/{s3_media.name}?list-type=2")[0] == 403
    assert s3_media.keys() == []


def test_a_private_bucket_serves_signed_urls_only(s3_server):
    bucket = s3_server.bucket_create(bucket_name("private"), public_read=False)
    options = {**media_storage(s3_server, bucket.name)["OPTIONS"], "querystring_auth": True}
    options["default_acl"] = None  # the bucket's own: private
    storage = S3Storage(**options)
    content = b"%PDF-1.4 invoice"
    name = storage.save("documents/invoice.pdf", ContentFile(content))

    signed = storage.url(name)
    assert "Signature" in signed
    assert http_get(signed) == (200, content)
    unsigned = signed.split("?")[0]
    assert http_get(unsigned)[0] == 403
    tampered = signed.replace("invoice.pdf", "other.pdf")
    assert http_get(tampered)[0] == 403

    v4 = s3_server.client(signature_version="s3v4")
    params = {"Bucket": bucket.name, "Key": name}
    assert http_get(v4.generate_presigned_url("get_object", Params=params)) == (200, content)
    forged = s3_server.client(secret_key="guessed", signature_version="s3v4")
    assert http_get(forged.generate_presigned_url("get_object", Params=params))[0] == 403
    bucket.empty_and_delete()
