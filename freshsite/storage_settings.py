"""The media storage options, built in one place so the settings and the tests agree.

Without ``AWS_STORAGE_BUCKET_NAME`` media stay on local disk (``MEDIA_ROOT``); with it they go
to that S3 bucket (AWS, MinIO or any S3-compatible store) through django-storages. Either way
names are content hashes (``freshsite.media_storage``).
"""

from __future__ import annotations

from collections.abc import Mapping

import environ

FILESYSTEM_BACKEND = "freshsite.media_storage.ContentAddressedFileSystemStorage"
S3_BACKEND = "freshsite.media_storage.ContentAddressedS3Storage"


def _value(env: environ.Env | Mapping[str, str], name: str, default: str = "") -> str:
    if isinstance(env, Mapping):
        return env.get(name, default)
    return env.str(name, default=default)


def filesystem_storage() -> dict:
    """STORAGES["default"] without S3: MEDIA_ROOT on local disk."""
    return {"BACKEND": FILESYSTEM_BACKEND}


def media_storage(env: environ.Env | Mapping[str, str]) -> dict:
    """STORAGES["default"]: the S3 bucket when AWS_STORAGE_BUCKET_NAME is set, else local disk."""
    if _value(env, "AWS_STORAGE_BUCKET_NAME"):
        return s3_storage(env)
    return filesystem_storage()


def s3_storage(env: environ.Env | Mapping[str, str]) -> dict:
    """STORAGES["default"] for the bucket named by the AWS_* variables (``env`` is the settings'
    ``environ.Env`` or a plain mapping of the same names)."""
    endpoint_url = _value(env, "AWS_S3_ENDPOINT_URL") or None
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": _value(env, "AWS_STORAGE_BUCKET_NAME"),
            "location": _value(env, "AWS_LOCATION"),  # a key prefix, to share a bucket
            "endpoint_url": endpoint_url,
            "region_name": _value(env, "AWS_S3_REGION_NAME") or None,
            "access_key": _value(env, "AWS_ACCESS_KEY_ID") or None,
            "secret_key": _value(env, "AWS_SECRET_ACCESS_KEY") or None,
            "custom_domain": _value(env, "AWS_S3_CUSTOM_DOMAIN") or None,
            # Another store's address is the bucket's too: <endpoint>/<bucket>/<key>, the origin
            # csp.py allows (virtual-hosted names need wildcard DNS, which MinIO and the like
            # rarely have).
            "addressing_style": (
                _value(env, "AWS_S3_ADDRESSING_STYLE", "path" if endpoint_url else "") or None
            ),
            # Published pages live for days and signed URLs expire: media are public objects
            # under plain URLs. A bucket that refuses ACLs (AWS's default since 2023) takes
            # AWS_DEFAULT_ACL="" and a bucket policy that makes its objects public instead.
            "default_acl": _value(env, "AWS_DEFAULT_ACL", "public-read") or None,
            "querystring_auth": False,
            # A name is its content's hash: the same name holds the same bytes, so writing it
            # again changes nothing, and no HEAD is spent looking for a free name.
            "file_overwrite": True,
            # ... and never changes: caches may keep it for good.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
