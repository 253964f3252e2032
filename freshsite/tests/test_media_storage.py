"""Content-addressed media on local disk (freshsite/media_storage.py): the same picture uploaded
twice is stored once, deletes spare shared files, and the sweep removes the files no row names.
The same storage on S3 is tested against moto in catalog/tests/test_s3_media.py."""

from __future__ import annotations

import hashlib
import io
import os
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.management import CommandError, call_command
from PIL import Image as PILImage

from catalog.tasks import media_sweep_task
from catalog.tests.factories import make_image
from freshsite.media_storage import (
    ContentAddressedFileSystemStorage,
    ContentAddressedS3Storage,
    media_sweep,
)
from freshsite.settings.csp import content_security_policy
from freshsite.storage_settings import filesystem_storage, media_storage, s3_storage

pytestmark = pytest.mark.django_db

HASHED = re.compile(r"(?P<dir>.+)/(?P<fan>[0-9a-f]{2})/(?P<hash>(?P=fan)[0-9a-f]{62})\.png")
DAY = timedelta(days=1)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """MEDIA_ROOT in a directory of this test's, on the content-addressed disk storage."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": filesystem_storage()}
    return settings.MEDIA_ROOT


def stored(root: Path) -> list[str]:
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def age(path: Path, *, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_the_default_storage_is_content_addressed_and_wagtail_rebuilds_it_as_such(media):
    assert isinstance(default_storage, ContentAddressedFileSystemStorage)
    # Wagtail deletes files through a storage rebuilt from this: the same class, so the same
    # delete that spares shared files
    path = default_storage.deconstruct()[0]
    assert path == "freshsite.media_storage.ContentAddressedFileSystemStorage"


def test_an_upload_is_named_by_the_hash_of_its_bytes_in_the_directory_asked_for(media):
    image = make_image("apple", "#ff0000")

    match = HASHED.fullmatch(image.file.name)
    assert match and match["dir"] == "original_images"
    data = (media / image.file.name).read_bytes()
    assert match["hash"] == hashlib.sha256(data).hexdigest()
    assert image.file.url == f"/media/{image.file.name}"


def test_the_same_picture_uploaded_twice_is_stored_once(media):
    first = make_image("apple", "#ff0000")
    second = make_image("another apple", "#ff0000")
    other = make_image("pear", "#00ff00")

    assert first.pk != second.pk
    assert first.file.name == second.file.name != other.file.name
    assert stored(media) == sorted([first.file.name, other.file.name])


def test_the_extension_is_kept_lower_cased(media):
    name = default_storage.save("documents/报价单.PDF", ContentFile(b"%PDF-1.4 quote"))

    digest = hashlib.sha256(b"%PDF-1.4 quote").hexdigest()
    assert name == f"documents/{digest[:2]}/{digest}.pdf"
    assert default_storage.open(name).read() == b"%PDF-1.4 quote"


def test_a_large_upload_is_written_whole_with_nothing_partial_left(media):
    upload = TemporaryUploadedFile("big.JPG", "image/jpeg", 0, None)
    data = os.urandom(3 * 1024 * 1024)
    upload.write(data)

    name = default_storage.save("original_images/big.JPG", upload)
    upload.close()  # moved into place, as Django moves a large upload
    again = default_storage.save("original_images/big-copy.jpg", ContentFile(data))

    assert name == again and name.endswith(".jpg")
    assert stored(media) == [name]  # no .part file beside it
    assert (media / name).read_bytes() == data


def test_deleting_one_image_keeps_the_file_the_other_uses(
    media, django_capture_on_commit_callbacks
):
    first = make_image("apple", "#ff0000")
    second = make_image("another apple", "#ff0000")
    path = media / first.file.name
    age(path, hours=1)

    with django_capture_on_commit_callbacks(execute=True):
        first.delete()  # Wagtail deletes the file once the row is gone
    assert path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert not path.exists()


def test_a_file_written_minutes_ago_is_left_to_the_sweep(media, django_capture_on_commit_callbacks):
    # its bytes may be a second upload's whose row is not committed yet
    image = make_image("apple", "#ff0000")
    path = media / image.file.name

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    assert path.exists()
    age(path, hours=2)
    assert media_sweep(older_than=timedelta(hours=1)) == 1
    assert not path.exists()


def test_a_rendition_gets_a_content_hash_name_and_shares_it_with_the_same_picture(
    media, django_capture_on_commit_callbacks
):
    first = make_image("apple", "#ff0000")
    second = make_image("another apple", "#ff0000")

    rendition = first.get_rendition("fill-10x10")
    other = second.get_rendition("fill-10x10")

    match = HASHED.fullmatch(rendition.file.name)
    assert match and match["dir"] == "images"
    data = (media / rendition.file.name).read_bytes()
    assert match["hash"] == hashlib.sha256(data).hexdigest()
    assert PILImage.open(io.BytesIO(data)).size == (10, 10)
    assert other.file.name == rendition.file.name
    assert rendition.url == f"/media/{rendition.file.name}"

    for path in media.rglob("*"):
        if path.is_file():
            age(path, hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()  # its renditions go too, on the same terms
    assert (media / rendition.file.name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert stored(media) == []


def test_the_sweep_removes_old_orphans_and_keeps_young_ones_and_referenced_ones(media):
    image = make_image("apple", "#ff0000")
    rendition = image.get_rendition("fill-10x10")
    orphan = default_storage.save("original_images/lost.png", ContentFile(b"old orphan"))
    young = default_storage.save("original_images/new.png", ContentFile(b"young orphan"))
    # not this storage's: a name no content hash gave (say snapshots sharing a bucket)
    (media / "snapshots").mkdir()
    (media / "snapshots" / "index.html").write_text("<html></html>")
    for name in [image.file.name, rendition.file.name, orphan, "snapshots/index.html"]:
        age(media / name, hours=48)

    assert media_sweep(older_than=DAY) == 1

    assert stored(media) == sorted(
        [image.file.name, rendition.file.name, young, "snapshots/index.html"]
    )
    assert media_sweep(older_than=DAY) == 0


def test_the_sweep_removes_a_partial_write_left_by_a_crash(media):
    name = default_storage.save("original_images/a.png", ContentFile(b"whole"))
    partial = media / f"{name}.{'0' * 16}.part"
    partial.write_bytes(b"who")
    age(partial, hours=48)
    age(media / name, hours=48)

    assert media_sweep(older_than=DAY) == 2  # the orphan and the partial
    assert stored(media) == []


def test_the_sweep_with_no_media_yet_deletes_nothing(media):
    assert media_sweep(older_than=DAY) == 0


def test_the_command_and_the_task_sweep(media):
    orphan = default_storage.save("original_images/lost.png", ContentFile(b"old orphan"))
    young = default_storage.save("original_images/new.png", ContentFile(b"young orphan"))
    age(media / orphan, hours=3)
    out = io.StringIO()

    call_command("media_sweep", "--older-than-hours", "2", stdout=out)

    assert out.getvalue().strip() == "deleted 1 unreferenced media files"
    assert stored(media) == [young]
    age(media / young, hours=30)
    assert media_sweep_task(older_than_hours=24) == 1
    assert stored(media) == []
    with pytest.raises(CommandError):  # under the deletes' grace: an upload could lose its file
        call_command("media_sweep", "--older-than-hours", "0", stdout=out)


S3_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "fresh-media",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "AWS_S3_REGION_NAME": "us-east-1",
    "AWS_ACCESS_KEY_ID": "minio",
    "AWS_SECRET_ACCESS_KEY": "minio-secret",
}


def test_s3_media_are_public_objects_under_plain_urls_the_policy_allows():
    entry = s3_storage(S3_ENV)
    storage = ContentAddressedS3Storage(**entry["OPTIONS"])

    assert entry["BACKEND"] == "freshsite.media_storage.ContentAddressedS3Storage"
    assert storage.default_acl == "public-read"
    assert storage.object_parameters["CacheControl"] == "public, max-age=31536000, immutable"
    url = storage.url("original_images/ab/ab12.png")
    assert url == "http://127.0.0.1:9000/fresh-media/original_images/ab/ab12.png"  # unsigned
    policy = content_security_policy(storages={"default": entry}, media_url="/media/")
    assert "http://127.0.0.1:9000" in policy["DIRECTIVES"]["img-src"]


def test_s3_media_behind_a_cdn_and_a_bucket_without_acls():
    entry = s3_storage({**S3_ENV, "AWS_S3_CUSTOM_DOMAIN": "img.example.com", "AWS_DEFAULT_ACL": ""})
    storage = ContentAddressedS3Storage(**entry["OPTIONS"])

    assert storage.default_acl is None
    assert storage.url("images/cd/cd34.png") == "https://img.example.com/images/cd/cd34.png"
    policy = content_security_policy(storages={"default": entry}, media_url="/media/")
    assert "https://img.example.com" in policy["DIRECTIVES"]["img-src"]


def test_the_settings_choose_the_bucket_only_when_one_is_named():
    assert media_storage({}) == filesystem_storage()
    assert media_storage({"AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}) == filesystem_storage()
    assert media_storage(S3_ENV) == s3_storage(S3_ENV)
