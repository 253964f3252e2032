"""Oversized requests to the JSON routes answer the contract's JSON 400, not Django's HTML page."""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from .http import json_error, wants_json


class JsonRequestLimitsMiddleware:
    """Parse a JSON route's query and form body before ``CsrfViewMiddleware`` does.

    Django refuses a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` or with more fields than
    ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` when ``request.GET``/``request.POST`` is first read, and
    the CSRF check reads ``request.POST`` before any view runs, so the refusal would become
    the HTML 400 page (and under DEBUG the technical page). Parsing here, where the view is
    known, lets the JSON routes answer in their own shape. Forms keep Django's answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not wants_json(request):
            return None
        try:
            # Django counts only form fields against the limit; a JSON route takes no files,
            # so an upload is refused by its size before it is read at all
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if limit is not None and _content_length(request) > limit:
                raise RequestDataTooBig("Content-Length over DATA_UPLOAD_MAX_MEMORY_SIZE")
            request.GET, request.POST  # noqa: B018 (parsing is the point)
        except RequestDataTooBig as error:
            return _refused(request, error, "request_too_large", _("请求内容过大。"))
        except (TooManyFieldsSent, TooManyFilesSent) as error:
            return _refused(request, error, "too_many_fields", _("请求中的字段过多。"))
        return None


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _refused(request: HttpRequest, error: Exception, code: str, message: str) -> JsonResponse:
    # What Django does with these: the security log, and a POST that is not parsed again.
    logging.getLogger(f"django.security.{type(error).__name__}").warning(
        "%s %s: %s", request.method, request.path, error
    )
    request._mark_post_parse_error()
    return json_error(code, message, 400)
