"""The snapshot storage: published pages, each beside its pre-compressed ``.gz``.

Two backends with one interface (``read``, ``write``, ``delete``, ``names``, ``all_names``):
files under SNAPSHOT_ROOT, served by nginx from disk (``SnapshotStorage``), or objects in an S3
bucket under SNAPSHOT_S3_PREFIX, served by nginx proxying the bucket or by a CDN
(``S3SnapshotStorage``). ``snapshot_storage()`` returns the one the settings name.

A page whose bytes did not change is not rewritten, so its ETag and the ``.gz`` stay as they
were. The ``.gz`` is written first: a reader that finds the new page never gets the old
compressed bytes.
"""

from __future__ import annotations

import errno
import functools
import gzip
import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings

from .addresses import FRAGMENT_PATH

GZIP_SUFFIX = ".gz"
CONTENT_TYPE = "text/html; charset=utf-8"
PAGE_CACHE_CONTROL = "no-cache"  # revalidated on every load: an edit shows at once
FRAGMENT_CACHE_CONTROL = "public, max-age=60"  # as nginx's (deploy/nginx/) and catalog's views


class SnapshotStorage:
    """Files under a root; writes are atomic (a temporary name in the same directory, then a
    rename), so nginx never serves half a page."""

    def __init__(self, root: Path | str | None = None) -> None:
        # resolved: names are taken relative to it, also when VAR_DIR is reached by a symlink
        self.root = Path(root or settings.SNAPSHOT_ROOT).resolve()

    def path(self, name: str) -> Path:
        path = (self.root / name).resolve()
        if not path.is_relative_to(self.root):
            raise ValueError(f"snapshot name outside the root: {name!r}")
        return path

    def read(self, name: str) -> bytes | None:
        return _read(self.path(name))

    def write(self, name: str, content: bytes) -> bool:
        """Store ``content`` (and its ``.gz``) under ``name``; False when it was already there."""
        path = self.path(name)
        compressed = _gzip(content)
        # both files: a write that failed between the two must not be taken for "unchanged"
        if self.read(name) == content and _read(_gz_path(path)) == compressed:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(_gz_path(path), compressed)
        _write_atomically(path, content)
        return True

    def delete(self, name: str) -> bool:
        """Remove the page and its ``.gz``; False when there was nothing to remove."""
        path = self.path(name)
        removed = False
        for each in (path, path.with_name(path.name + GZIP_SUFFIX)):
            try:
                each.unlink()
                removed = True
            except FileNotFoundError:
                pass
        return removed

    def names(self, directory: str = "") -> set[str]:
        """The pages stored directly in ``directory`` (names relative to the root)."""
        folder = self.path(directory) if directory else self.root
        if not folder.is_dir():
            return set()
        return {
            str(entry.relative_to(self.root))
            for entry in folder.iterdir()
            if entry.is_file() and entry.suffix == ".html"
        }

    def all_names(self) -> set[str]:
        """Every page stored, at any depth (names relative to the root)."""
        if not self.root.is_dir():
            return set()
        return {str(path.relative_to(self.root)) for path in self.root.rglob("*.html")}


class S3SnapshotStorage:
    """Objects ``<prefix><name>`` in a bucket, one PUT per file, each with the headers a browser
    needs when the bucket answers it directly (a CDN) or through nginx: ``Content-Type``, the
    ``.gz`` object's ``Content-Encoding: gzip`` and the page's ``Cache-Control``.

    An unchanged page is recognised by its ETag, the MD5 of a single PUT's bytes. (Where a
    store's ETag is not the MD5, SSE-KMS encryption for one, every write is a PUT: correct,
    only slower.)
    """

    def __init__(self, *, bucket: str | None = None, prefix: str | None = None, client=None):
        self.bucket = bucket or settings.SNAPSHOT_S3_BUCKET
        prefix = settings.SNAPSHOT_S3_PREFIX if prefix is None else prefix
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = client or s3_client(**settings.SNAPSHOT_S3_CLIENT)

    def key(self, name: str) -> str:
        parts = name.split("/")
        if not name or any(part in ("", ".", "..") for part in parts):
            raise ValueError(f"not a snapshot name: {name!r}")
        return self.prefix + name

    def read(self, name: str) -> bytes | None:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key(name))
        except self.client.exceptions.NoSuchKey:
            return None
        return answer["Body"].read()

    def write(self, name: str, content: bytes) -> bool:
        """Store ``content`` (and its ``.gz``) under ``name``; False when it was already there."""
        key = self.key(name)
        compressed = _gzip(content)
        # both objects: nginx gives gzip clients the .gz alone, so a write that failed between
        # the two PUTs must not be taken for "unchanged" by the page's ETag
        if self._etag(key) == _md5(content) and self._etag(key + GZIP_SUFFIX) == _md5(compressed):
            return False
        headers = {
            "Bucket": self.bucket,
            "ContentType": CONTENT_TYPE,
            "CacheControl": _cache_control(name),
        }
        self.client.put_object(
            Key=key + GZIP_SUFFIX, Body=compressed, ContentEncoding="gzip", **headers
        )
        self.client.put_object(Key=key, Body=content, **headers)
        return True

    def delete(self, name: str) -> bool:
        """Remove the page and its ``.gz``; False when there was nothing to remove."""
        key = self.key(name)
        # a listing says which of the two exist (a DELETE answers the same either way)
        found = {item["Key"] for item in self._list(key)} & {key, key + GZIP_SUFFIX}
        # the .gz first: nginx serves it to gzip clients without asking for the page, and a
        # .gz left behind by a failed delete would be found by no listing of pages
        for each in sorted(found, reverse=True):
            self.client.delete_object(Bucket=self.bucket, Key=each)
        return bool(found)

    def names(self, directory: str = "") -> set[str]:
        """The pages stored directly in ``directory`` (names relative to the prefix)."""
        start = self.key(directory.strip("/")) + "/" if directory.strip("/") else self.prefix
        return self._pages(self._list(start, delimiter="/"))

    def all_names(self) -> set[str]:
        """Every page stored, at any depth (names relative to the prefix)."""
        return self._pages(self._list(self.prefix))

    def _etag(self, key: str) -> str | None:
        try:
            answer = self.client.head_object(Bucket=self.bucket, Key=key)
        except self.client.exceptions.ClientError as error:
            if error.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return answer["ETag"].strip('"')

    def _list(self, prefix: str, *, delimiter: str = ""):
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix, Delimiter=delimiter
        )
        for page in pages:
            yield from page.get("Contents", ())

    def _pages(self, objects) -> set[str]:
        return {
            item["Key"][len(self.prefix) :] for item in objects if item["Key"].endswith(".html")
        }


def snapshots_in_bucket() -> bool:
    """Whether the pages live in a bucket (nginx or a CDN serves them, never the app)."""
    return bool(settings.SNAPSHOT_S3_BUCKET)


def snapshot_storage() -> SnapshotStorage | S3SnapshotStorage:
    """The storage the settings name: SNAPSHOT_S3_BUCKET's, else the files under SNAPSHOT_ROOT."""
    return S3SnapshotStorage() if snapshots_in_bucket() else SnapshotStorage()


@functools.lru_cache(maxsize=4)
def s3_client(
    *,
    endpoint_url: str | None = None,
    region_name: str | None = None,
    aws_access_key_id: str | None = None,
    aws_secret_access_key: str | None = None,
    addressing_style: str = "auto",
):
    """A boto3 S3 client (thread-safe: one per process and endpoint, built once)."""
    import boto3
    from botocore.config import Config

    config = Config(
        s3={"addressing_style": addressing_style},
        # checksums only where S3 requires them: many S3-compatible stores refuse the others
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        retries={"mode": "standard"},
    )
    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=region_name,
        aws_access_key_id=aws_access_key_id,
        aws_secret_access_key=aws_secret_access_key,
        config=config,
    )


def _cache_control(name: str) -> str:
    # as nginx's locations: the shared fragments are kept a minute by the browser
    return FRAGMENT_CACHE_CONTROL if FRAGMENT_PATH.fullmatch("/" + name) else PAGE_CACHE_CONTROL


def _md5(content: bytes) -> str:
    return hashlib.md5(content, usedforsecurity=False).hexdigest()


def _gz_path(path: Path) -> Path:
    return path.with_name(path.name + GZIP_SUFFIX)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:  # a request no published page can answer
            return None
        raise


def _gzip(content: bytes) -> bytes:
    # mtime=0: the same page always compresses to the same bytes
    return gzip.compress(content, compresslevel=9, mtime=0)


def _write_atomically(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o644)  # nginx's worker reads it
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def all_names(storage: SnapshotStorage | S3SnapshotStorage) -> set[str]:
    """Every page stored, at any depth (names relative to the root or prefix)."""
    return storage.all_names()
