"""Media stored under content-addressed names, on local disk or S3, and the sweep of orphans.

An upload is stored as ``<directory Django asked for>/<h[:2]>/<h><.ext>``, ``h`` the SHA-256 of
its bytes (the FastDFS design's deduplication): the same picture uploaded twice, as two Wagtail
images, is one file both rows name. So deleting a file must ask the rows first: ``delete()``
leaves a file while any FileField row on this storage names it (Wagtail deletes an image's and
its renditions' files after the row is gone, on commit), and ``media_sweep`` removes, later,
the files no row names.

An upload's file is written before its row commits, so nothing deletes a recently written file
(``DELETE_GRACE`` for deletes, the sweep's ``older_than``): and a second upload of the same
bytes rewrites or touches the file, which starts that grace period again. Deleting an image
minutes after uploading it leaves its file to the sweep.
"""

from __future__ import annotations

import hashlib
import logging
import os
import posixpath
import re
import secrets
from collections.abc import Iterator
from contextlib import suppress
from datetime import datetime, timedelta

from botocore.exceptions import ClientError
from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.core.files.utils import validate_file_name
from django.db.models import FileField, Model
from django.utils import timezone
from storages.backends.s3 import S3Storage

logger = logging.getLogger(__name__)

DELETE_GRACE = timedelta(minutes=10)
EXTENSION = re.compile(r"\.[a-z0-9]{1,16}")
# What this storage writes: <hh>/<hash><.ext>, or a partial write left by a crash (local disk)
CONTENT_NAME = re.compile(
    r"(?:^|/)(?P<fan>[0-9a-f]{2})/(?P=fan)[0-9a-f]{62}(?:\.[a-z0-9]{1,16})?"
    r"(?:\.[0-9a-f]{16}\.part)?$"
)
CHUNK_SIZE = 1024 * 1024


def content_addressed_name(name: str, content: File) -> str:
    """``name``'s directory, then the fan-out and the SHA-256 of ``content`` (read in chunks,
    then rewound: Django's uploads and Files over files or buffers can be), then ``name``'s
    extension, lower-cased."""
    directory, filename = posixpath.split(str(name).replace("\\", "/"))
    extension = posixpath.splitext(filename)[1].lower()
    if not EXTENSION.fullmatch(extension):
        extension = ""
    digest = hashlib.sha256()
    for chunk in content.chunks(CHUNK_SIZE):
        digest.update(chunk if isinstance(chunk, bytes) else chunk.encode())
    content.seek(0)
    hexdigest = digest.hexdigest()
    return posixpath.join(directory, hexdigest[:2], hexdigest + extension)


class ContentAddressedMixin:
    """Over a Django storage: names from content hashes, deletes that spare shared files."""

    def save(self, name: str | None, content, max_length: int | None = None) -> str:
        if name is None:
            name = content.name
        if not hasattr(content, "chunks"):
            content = File(content, name)
        validate_file_name(name, allow_relative_path=True)
        name = self.get_available_name(content_addressed_name(name, content), max_length)
        if self._reuse(name):
            return name
        return super().save(name, content, max_length=max_length)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        """The name itself: a name already taken holds these very bytes."""
        name = str(name).replace("\\", "/")
        if max_length and len(name) > max_length:
            raise SuspiciousFileOperation(f"{name!r} is longer than {max_length} characters")
        return name

    def delete(self, name: str) -> None:
        self.delete_if_unused(name, grace=DELETE_GRACE)

    def delete_if_unused(self, name: str, *, grace: timedelta) -> bool:
        """Delete ``name`` unless a row names it or it was written within ``grace``; whether
        it was deleted."""
        if not name:
            raise ValueError("The name must be given to delete().")
        if media_referenced(name, storage=self):
            return False
        modified = self._modified(name)
        if modified is None or modified > timezone.now() - grace:
            return False
        super().delete(name)
        return True

    def _reuse(self, name: str) -> bool:
        """Whether the stored ``name`` serves as the upload (else it is written)."""
        raise NotImplementedError

    def _modified(self, name: str) -> datetime | None:
        """When ``name`` was written (or touched), or None if it is not stored."""
        raise NotImplementedError


class ContentAddressedFileSystemStorage(ContentAddressedMixin, FileSystemStorage):
    """MEDIA_ROOT on local disk, each file written whole (to a partial name, then renamed)
    so no reader, nor a second upload of the same bytes, ever sees half of it."""

    def _reuse(self, name: str) -> bool:
        try:
            os.utime(self.path(name))  # the grace period starts again
        except FileNotFoundError:
            return False
        return True

    def _save(self, name: str, content) -> str:
        partial = f"{name}.{secrets.token_hex(8)}.part"
        try:
            partial = super()._save(partial, content)
            os.replace(self.path(partial), self.path(name))
        except BaseException:
            with suppress(FileNotFoundError):
                os.remove(self.path(partial))
            raise
        return str(name).replace("\\", "/")

    def _modified(self, name: str) -> datetime | None:
        try:
            return self.get_modified_time(name)
        except FileNotFoundError:
            return None


class ContentAddressedS3Storage(ContentAddressedMixin, S3Storage):
    """An S3 bucket (django-storages). A PUT is atomic, and a second upload of the same bytes
    is simply PUT again: that costs no HEAD first and refreshes the object's LastModified."""

    def _reuse(self, name: str) -> bool:
        return False

    def _modified(self, name: str) -> datetime | None:
        try:
            return self.get_modified_time(name)
        except ClientError as error:
            if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
                return None
            raise


def _same_storage(field_storage: Storage, storage: Storage) -> bool:
    if field_storage is storage:
        return True
    try:  # the same class and options: the same files (Wagtail rebuilds storages this way)
        return field_storage.deconstruct() == storage.deconstruct()
    except (AttributeError, ValueError):
        return False


def media_file_fields(*, storage: Storage) -> list[tuple[type[Model], FileField]]:
    """Every concrete FileField (ImageField too) of every model whose files ``storage`` keeps."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.local_concrete_fields
        if isinstance(field, FileField) and _same_storage(field.storage, storage)
    ]


def media_referenced(name: str, *, storage: Storage) -> bool:
    """Whether any row names the file ``name`` of ``storage``."""
    return any(
        model._base_manager.filter(**{field.attname: name}).exists()
        for model, field in media_file_fields(storage=storage)
    )


def media_referenced_names(*, storage: Storage) -> set[str]:
    """The names of ``storage``'s files that rows name."""
    names: set[str] = set()
    for model, field in media_file_fields(storage=storage):
        rows = model._base_manager.exclude(**{field.attname: ""}).exclude(
            **{f"{field.attname}__isnull": True}
        )
        names.update(rows.values_list(field.attname, flat=True).iterator(chunk_size=2000))
    return names


def _walk(storage: Storage, directory: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # no MEDIA_ROOT yet
        return
    for filename in files:
        yield posixpath.join(directory, filename)
    for subdirectory in directories:
        yield from _walk(storage, posixpath.join(directory, subdirectory))


def media_sweep(*, older_than: timedelta, storage: Storage | None = None) -> int:
    """Delete the content-addressed files no row names that were written more than
    ``older_than`` ago (younger ones may belong to an upload whose row is not committed yet);
    how many were deleted. Other files in the storage (snapshots sharing a bucket) are left."""
    storage = default_storage if storage is None else storage
    if not isinstance(storage, ContentAddressedMixin):
        logger.warning("media sweep skipped: %s is not content-addressed", type(storage).__name__)
        return 0
    referenced = media_referenced_names(storage=storage)
    deleted = 0
    for name in _walk(storage):
        if CONTENT_NAME.search(name) and name not in referenced:
            deleted += storage.delete_if_unused(name, grace=older_than)
    logger.info("media sweep: %d unreferenced files deleted", deleted)
    return deleted
