"""The shop's per-request work outside the views."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .cart_identity import guest_id_for

PERSONAL_COOKIE = "fresh_personal"


class PersonalMarkerMiddleware:
    """A readable cookie, ``fresh_personal=1``, kept exactly while the visitor is logged in or
    has a guest cart: the script of a published page asks ``/session/`` only when it is there,
    so a plain guest's page view costs no Python at all. It says nothing secret.

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
        if personal and (not marked or guest_renewed):
            response.set_cookie(
                PERSONAL_COOKIE,
                "1",
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
