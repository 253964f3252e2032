"""Requests that need the store (Redis) while it is down answer 503, never an HTML 500."""

import logging
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

from .http import store_unavailable
from .store import STORE_ERRORS

logger = logging.getLogger(__name__)


class StoreUnavailableMiddleware:
    """A store error reaching a view (login, cart, checkout) becomes ``store_unavailable``.

    A shopper whose session could not be read (``freshsite.sessions``) looks like a guest, so a
    page or route that wants a login would send them to log in again: while the store is down
    they get the same 503, which says what is really wrong. Catalog pages never touch the store
    for a guest, so they keep answering.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if getattr(session, "store_unavailable", False) and _asks_to_log_in(response):
            return store_unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, STORE_ERRORS):
            logger.error(
                "the store cannot be reached: %s %s: %s", request.method, request.path, exception
            )
            return store_unavailable(request)
        return None


def _asks_to_log_in(response: HttpResponse) -> bool:
    if response.status_code == 401:
        return True
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    return bool(location) and location.startswith(resolve_url(settings.LOGIN_URL))


def store_needed(view):
    """For a page that shows what the store holds (the cart): a shopper whose session cannot be
    read answers 503 instead of a page that looks empty."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.user.is_authenticated  # noqa: B018 reads the session, if there is one
        if getattr(request.session, "store_unavailable", False):
            return store_unavailable(request)
        return view(request, *args, **kwargs)

    return wrapped
