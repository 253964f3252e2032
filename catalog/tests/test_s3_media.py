"""Goods pictures on S3 (moto on loopback, signatures checked: freshsite/tests/s3_server.py).

Uploaded through Wagtail's admin, stored through django-storages with the options base.py
builds, shown on a goods detail page and fetched from the bucket without credentials.
"""

import hashlib
import re
from datetime import timedelta
from io import BytesIO
from urllib.parse import unquote, urlsplit

import pytest
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.module_loading import import_string
from PIL import Image as PILImage
from wagtail.images import get_image_model

from freshsite.media_storage import media_sweep
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
    media = media_storage(s3_server, bucket.name)
    # private files: signed URLs, objects under the bucket's own ACL
    options = {**media["OPTIONS"], "querystring_auth": True, "default_acl": None}
    storage = import_string(media["BACKEND"])(**options)
    content = b"%PDF-1.4 invoice"
    name = storage.save("documents/invoice.pdf", ContentFile(content))

    signed = storage.url(name)
    assert "Signature" in signed
    assert http_get(signed) == (200, content)
    unsigned = signed.split("?")[0]
    assert http_get(unsigned)[0] == 403
    tampered = signed.replace(f"/{name}?", f"/{name}.old?")  # another object, this signature
    assert tampered != signed
    assert http_get(tampered)[0] == 403

    v4 = s3_server.client(signature_version="s3v4")
    params = {"Bucket": bucket.name, "Key": name}
    assert http_get(v4.generate_presigned_url("get_object", Params=params)) == (200, content)
    forged = s3_server.client(secret_key="guessed", signature_version="s3v4")
    assert http_get(forged.generate_presigned_url("get_object", Params=params))[0] == 403
    bucket.empty_and_delete()


def test_the_same_picture_uploaded_twice_is_one_object_until_no_image_names_it(
    admin_client, s3_media, django_capture_on_commit_callbacks
):
    content = png("#5a9e32")
    digest = hashlib.sha256(content).hexdigest()
    first = admin_upload(admin_client, title="葡萄", content=content)
    second = admin_upload(admin_client, title="葡萄 again", content=content)
    name = f"original_images/{digest[:2]}/{digest}.png"
    assert first.file.name == second.file.name == name
    assert s3_media.keys("original_images/") == [name]

    with django_capture_on_commit_callbacks(execute=True):  # Wagtail deletes files on commit
        response = admin_client.post(reverse("wagtailimages:delete", args=[first.pk]))
    assert response.status_code == 302
    assert not default_storage.delete_if_unused(name, grace=timedelta(0))  # the second's
    assert http_get(second.file.url) == (200, content)

    second.delete()
    assert default_storage.delete_if_unused(name, grace=timedelta(0))
    assert s3_media.keys("original_images/") == []


def test_the_sweep_removes_the_objects_no_row_names(s3_server, s3_media):
    image = get_image_model().objects.create(
        title="kept", file=ContentFile(png("#123456"), name="kept.png")
    )
    orphan = default_storage.save("original_images/orphan.png", ContentFile(png("#654321")))
    s3_server.client().put_object(Bucket=s3_media.name, Key="snapshots/index.html", Body=b"x")
    assert s3_media.keys("original_images/") == sorted([image.file.name, orphan])
    assert media_sweep(older_than=timedelta(minutes=5)) == 0  # too young: maybe uncommitted

    assert media_sweep(older_than=timedelta(0)) == 1
    assert s3_media.keys() == sorted([image.file.name, "snapshots/index.html"])
