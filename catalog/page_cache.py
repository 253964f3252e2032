"""Whole-page cache for anonymous shoppers on catalog pages (homepage, category lists, detail).

A view opts in with ``freshsite.http.cache_for_anonymous(response, seconds)``. The page is
stored under the catalog version (``versioning.catalog_version``), which every goods, category or
homepage change bumps, so an edit shows at once; the timeout bounds what changes without a
signal (stock and sales after orders, a promotion's start or end).

Only requests with no session and no guest cart are served from it: such pages have nothing
personal in them (the header shows "登录 / 注册" and an empty cart). The CSRF cookie is still
set, so add-to-cart works from a cached page.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from freshsite.http import ANONYMOUS_CACHE_SECONDS

from .models import normalise_sort
from .versioning import catalog_version

CACHEABLE_PARAMS = {"sort", "page"}
MAX_QUERY_LENGTH = 64


def _is_anonymous(request: HttpRequest) -> bool:
    """No session, no guest cart, no pending flash message: nothing personal on the page."""
    personal = {settings.SESSION_COOKIE_NAME, settings.GUEST_CART_COOKIE, "messages"}
    return not personal & request.COOKIES.keys()


def _normalised_query(request: HttpRequest) -> str | None:
    """``sort`` and ``page`` as the views read them, so ``?page=01`` shares ``?page=1``'s entry."""
    if not set(request.GET) <= CACHEABLE_PARAMS:
        return None
    sort = normalise_sort(request.GET.get("sort"))
    try:
        page = max(1, min(int(request.GET.get("page", 1)), 100_000))
    except ValueError:
        page = 1
    return f"sort={sort}&page={page}"


def _key(request: HttpRequest) -> str | None:
    if not settings.ANONYMOUS_PAGE_CACHE:
        return None
    if request.method not in ("GET", "HEAD") or not _is_anonymous(request):
        return None
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return None
    query = _normalised_query(request)
    if query is None:
        return None
    return f"page:{catalog_version()}:{get_language()}:{request.path}?{query}"


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            # Every page hands out the CSRF cookie: add-to-cart posts with it, and a catalog
            # page (cached or not) has no form of its own that would set it.
            get_token(request)
        key = _key(request)
        if key is not None:
            cached = cache.get(key)
            if cached is not None:
                content, content_type = cached
                return HttpResponse(content, content_type=content_type)
        response = self.get_response(request)
        seconds = getattr(response, ANONYMOUS_CACHE_SECONDS, None)
        messages = getattr(request, "_messages", None)
        if (
            key is not None
            and seconds
            and response.status_code == 200
            and not response.cookies.keys() - {"csrftoken"}
            and not (messages is not None and messages.used)
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, (response.content, response["Content-Type"]), seconds)
        return response
