"""The shop's per-request work outside the views."""

import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .cart_identity import guest_id_for

PERSONAL_COOKIE = "fresh_personal"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# POSTs that change nothing /session/ answers: a logged-in shopper's every goods view reports
# itself, and a new marker would cost their next page a /session/ call.
MARKER_KEEPING_VIEWS = frozenset({"accounts:history"})
LOGGED_IN, GUEST = "u", "g"  # the marker's kind: what its value starts with


class PersonalMarkerMiddleware:
    """A readable cookie, ``fresh_personal``, kept exactly while the visitor is logged in or
    has a guest cart: the script of a published page asks ``/session/`` only when it is there,
    so a plain guest's page view costs no Python at all. It says nothing secret.

    Its value is a version of what ``/session/`` answers, ``u.<random>`` for a login and
    ``g.<random>`` for a guest cart, new on every response that may change that answer: a
    login, and any POST (a cart change, an order, a guest cart merged at login) except the
    goods-view report. The script keeps the answer per version (static/js/shop.js), so it asks
    once per change, not once per page; a logout removes the marker.

    A logged-in shopper's guest cookie goes too: its cart was merged into theirs at login, and
    left behind it would keep the marker after logout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None:
            return response
        marked = PERSONAL_COOKIE in request.COOKIES
        logged_in = _logged_in(request, marked=marked)
        if getattr(session, "store_unavailable", False):
            return response  # who the visitor is cannot be told now: leave things as they are
        guest_renewed = settings.GUEST_CART_COOKIE in response.cookies
        if logged_in and settings.GUEST_CART_COOKIE in request.COOKIES and not guest_renewed:
            response.delete_cookie(settings.GUEST_CART_COOKIE, samesite="Lax")
        personal = logged_in or guest_renewed or guest_id_for(request) is not None
        kind = _kind(request, logged_in=logged_in)
        if personal and _marker_stale(request, kind=kind):
            response.set_cookie(
                PERSONAL_COOKIE,
                f"{kind}.{secrets.token_urlsafe(9)}",
                # the longest a login lasts; a marker left over costs one /session/ call,
                # whose answer removes it
                max_age=settings.SESSION_COOKIE_AGE,
                samesite="Lax",
                secure=request.is_secure(),
                httponly=False,  # the page's script reads it
            )
        elif marked and not personal:
            response.delete_cookie(PERSONAL_COOKIE, samesite="Lax")
        return response


def _logged_in(request: HttpRequest, *, marked: bool) -> bool:
    """Whether a user is logged in after this request. A session this request did not read
    did not change: it is read only to mark a login that has no marker yet, so a marked
    shopper's page costs no session read, and a visitor without a session none at all."""
    has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
    if request.session.accessed or (has_session and not marked):
        return request.user.is_authenticated
    return has_session


def _kind(request: HttpRequest, *, logged_in: bool) -> str:
    """The marker's kind: exact when this request read the session, else the marker's own
    (a guest with a session cookie is not taken for a login)."""
    marker = request.COOKIES.get(PERSONAL_COOKIE, "")
    if not request.session.accessed and marker[:2] in (f"{LOGGED_IN}.", f"{GUEST}."):
        return marker[0]
    return LOGGED_IN if logged_in else GUEST


def _marker_stale(request: HttpRequest, *, kind: str) -> bool:
    """Whether this response must give the marker a new value."""
    marker = request.COOKIES.get(PERSONAL_COOKIE)
    if marker is None:
        return True
    if request.method not in SAFE_METHODS:
        match = request.resolver_match
        return match is None or match.view_name not in MARKER_KEEPING_VIEWS
    return not marker.startswith(f"{kind}.")  # e.g. a session that ended, read by /session/
