"""Whole-page cache for anonymous shoppers on catalog pages (homepage, category lists, detail).

A view opts in with ``cache_for_anonymous(response, seconds)``. The page is stored under the
catalog version (``catalog.selectors.catalog_version``), which every goods, category or
homepage change bumps, so an edit shows at once; the timeout bounds what changes without a
signal (stock and sales after orders, a promotion's start or end).

Only requests with no session and no guest cart are served from it: such pages have nothing
personal in them (the header shows "登录 / 注册" and an empty cart). The CSRF cookie is still
set, so add-to-cart works from a cached page.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

CACHEABLE_PARAMS = {"sort", "page"}
MAX_QUERY_LENGTH = 64
_MARK = "_anonymous_cache_seconds"


def cache_for_anonymous(response: HttpResponse, seconds: int) -> HttpResponse:
    setattr(response, _MARK, seconds)
    return response


def _is_anonymous(request: HttpRequest) -> bool:
    from django.conf import settings

    from shop.views import GUEST_COOKIE

    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES and GUEST_COOKIE not in request.COOKIES
    )


def _key(request: HttpRequest) -> str | None:
    from django.conf import settings

    if not settings.ANONYMOUS_PAGE_CACHE:
        return None
    if request.method not in ("GET", "HEAD") or not _is_anonymous(request):
        return None
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_LENGTH or not set(request.GET) <= CACHEABLE_PARAMS:
        return None
    from catalog.selectors import catalog_version

    return f"page:{catalog_version()}:{request.path}?{query}"


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _key(request)
        if key is not None:
            cached = cache.get(key)
            if cached is not None:
                content, content_type = cached
                get_token(request)  # the CSRF cookie, for add-to-cart from this page
                return HttpResponse(content, content_type=content_type)
        response = self.get_response(request)
        seconds = getattr(response, _MARK, None)
        if (
            key is not None
            and seconds
            and response.status_code == 200
            and not response.cookies.keys() - {"csrftoken"}
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, (response.content, response["Content-Type"]), seconds)
        return response
