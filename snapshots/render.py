"""Rendering a published page as the site would answer an anonymous shopper."""

from __future__ import annotations

import logging
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import Http404
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from django.utils import translation
from wagtail.models import Site

logger = logging.getLogger(__name__)


def page_render(path: str, *, query: dict | None = None, site: Site | None = None) -> bytes | None:
    """The bytes of the page at ``path`` (with ``query``), or None when it does not exist.

    The view is resolved and called directly with an anonymous request, in the default language:
    no middleware runs, so nothing of a visitor (session, CSRF cookie, messages) can reach the
    page, and the snapshot middleware cannot answer the publisher with the old snapshot.
    ``site`` is the Wagtail site the pages belong to (``default_site()``, read once a run).
    """
    request = _anonymous_request(path, query or {}, site or default_site())
    try:
        match = resolve(path)
    except Resolver404:
        return None
    request.resolver_match = match
    with translation.override(settings.LANGUAGE_CODE):
        try:
            response = match.func(request, *match.args, **match.kwargs)
            if hasattr(response, "render"):
                response.render()
        except Http404:
            return None
    if response.status_code != 200:
        logger.info("not published: %s%s answered %s", path, query or "", response.status_code)
        return None
    return response.content


def default_site() -> Site | None:
    return Site.objects.filter(is_default_site=True).first()


def _anonymous_request(path: str, query: dict, site: Site | None):
    site_url = urlsplit(settings.SITE_URL)
    request = RequestFactory().get(
        path,
        query,
        HTTP_HOST=site_url.netloc or "localhost",
        secure=site_url.scheme == "https",
    )
    request.META["QUERY_STRING"] = urlencode(query)
    request.user = AnonymousUser()
    request.session = SessionStore()  # empty, and never saved: no cookie, no store
    request.LANGUAGE_CODE = settings.LANGUAGE_CODE
    request._wagtail_site = site
    return request
