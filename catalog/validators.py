"""A category's slug is its URL (``/<slug>/``): it must not be a path the shop already uses."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.translation import gettext as _

FILE_PREFIXES = ("static", "media")  # served from disk by nginx, before any page


def route_prefixes() -> set[str]:
    """The first path segment of every route that is not a Wagtail page (cart, orders, goods,
    session, search, accounts, admin, healthz, …), read from the URLconf itself."""
    prefixes = {url.strip("/").split("/")[0] for url in (settings.STATIC_URL, settings.MEDIA_URL)}
    prefixes |= set(FILE_PREFIXES)
    for pattern in _flattened(get_resolver().url_patterns):
        first = str(pattern.pattern).lstrip("^").split("/")[0]
        if first and not first.startswith(("<", "(")):
            prefixes.add(first)
    return prefixes


def _flattened(patterns, depth: int = 0):
    """Routes and, for an include mounted at the root (``path("", include(...))``), its own
    routes; Wagtail's page tree (the catch-all) is what a slug adds to, so it is left out."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) or depth:
                yield pattern
            elif getattr(pattern.urlconf_module, "__name__", "") != "wagtail.urls":
                yield from _flattened(pattern.url_patterns, depth + 1)
        elif isinstance(pattern, URLPattern):
            yield pattern


def category_slug_validate(slug: str) -> None:
    if slug.lower() in route_prefixes():
        raise ValidationError(
            _("“%(slug)s” 是商城已有的网址（/%(slug)s/），请换一个。") % {"slug": slug},
            code="reserved_slug",
        )
