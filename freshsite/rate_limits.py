"""Per-client rate limits through django-ratelimit: the decorators our views use, and the one
429 answer (``RATELIMIT_VIEW``, reached through ``RatelimitMiddleware``).

Counters live in the ``ratelimit`` cache (the store's Redis, exceptions ignored): when Redis is
down the limits fail open (``RATELIMIT_FAIL_OPEN``) rather than turning every limited route into
an error. Rates are settings (``RATE_LIMIT_*``), read on each request so tests can change them.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from freshsite.http import json_error, wants_json


def _rate_from(setting_name: str):
    def rate(group: str, request: HttpRequest) -> str:
        return getattr(settings, setting_name)

    return rate


def limit_posts_per_address(*, group: str, rate_setting: str):
    """A form's POSTs, counted per client address (``accounts.selectors.client_ip``)."""
    return ratelimit(group=group, key="ip", rate=_rate_from(rate_setting), method="POST")


def limit_json_route(view):
    """A JSON route, counted per shopper (per address for a guest), one counter per route."""
    return ratelimit(key="user_or_ip", rate=_rate_from("RATE_LIMIT_JSON"))(view)


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """429: the contract's JSON on JSON routes, a page elsewhere."""
    message = _("请求过于频繁，请稍后再试。")
    if wants_json(request):
        return json_error("rate_limited", message, 429)
    return render(request, "429.html", {"message": message}, status=429)
