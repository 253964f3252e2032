"""Whose cart a request uses: a logged-in shopper's ``cart_<user id>``, or a guest's, named by a
signed cookie (``settings.GUEST_CART_COOKIE``) that is set on the guest's first add."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from . import redis_cart

GUEST_COOKIE_SALT = "shop.guest_cart"


def guest_id_for(request: HttpRequest) -> str | None:
    return request.get_signed_cookie(
        settings.GUEST_CART_COOKIE,
        default=None,
        salt=GUEST_COOKIE_SALT,
        max_age=redis_cart.GUEST_CART_SECONDS,
    )


def cart_key_for(request: HttpRequest, *, create: bool = False) -> str | None:
    """The Redis key of this request's cart; a guest gets one on their first add."""
    if request.user.is_authenticated:
        return redis_cart.user_cart_key(request.user.pk)
    guest_id = guest_id_for(request)
    if guest_id is None and create:
        guest_id = secrets.token_urlsafe(16)
    if create:
        # re-signed on every write, so an active guest's cart lives 7 days from the last change
        request._guest_cart_id = guest_id
    return redis_cart.guest_cart_key(guest_id) if guest_id else None


def guest_cookie_set(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Set (or renew) the guest's cookie when ``cart_key_for(create=True)`` chose a guest cart."""
    guest_id = getattr(request, "_guest_cart_id", None)
    if guest_id:
        response.set_signed_cookie(
            settings.GUEST_CART_COOKIE,
            guest_id,
            salt=GUEST_COOKIE_SALT,
            max_age=redis_cart.GUEST_CART_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
