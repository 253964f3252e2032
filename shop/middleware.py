"""The shop's per-request work outside the views."""

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token


class CsrfCookieMiddleware:
    """Every page hands out the CSRF cookie: add-to-cart posts with it from catalog pages, which
    have no form of their own that would set it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            get_token(request)
        return self.get_response(request)
