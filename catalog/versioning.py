"""The catalog version: part of every catalog cache key, bumped by every goods, category or
homepage change (``signal_handlers``), so everything cached of the catalog goes stale at once."""

from __future__ import annotations

from django.core.cache import cache

CATALOG_VERSION_KEY = "catalog:version"


def catalog_version() -> int:
    version = cache.get(CATALOG_VERSION_KEY)
    if version is None:
        cache.add(CATALOG_VERSION_KEY, 1, timeout=None)
        version = cache.get(CATALOG_VERSION_KEY, 1)
    return version


def catalog_version_bump() -> None:
    try:
        cache.incr(CATALOG_VERSION_KEY)
    except ValueError:  # not set yet: nothing cached under a version either
        cache.add(CATALOG_VERSION_KEY, 1, timeout=None)
