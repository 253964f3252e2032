"""JSON routes of the contract: one decorator for the method check, the domain errors and the
rate limit, and the parsing of ids every route shares."""

from __future__ import annotations

import re
from functools import wraps

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from .errors import DomainError, InvalidInput, LoginRequired
from .http import json_error, mark_json_view
from .rate_limits import limit_json_route

# ASCII digits (int() also takes "１２", "١٢" and "1_2"), at most 18 of them: below any id
# column's range, so the database never sees a number it cannot hold.
POSITIVE_INT = re.compile(r"[0-9]{1,18}")


def positive_int(value, name: str) -> int:
    text = str(value).strip()
    number = int(text) if POSITIVE_INT.fullmatch(text) else 0
    if number < 1:  # the message never repeats the value, which may be megabytes long
        raise InvalidInput(_("%(name)s 必须是正整数。") % {"name": name})
    return number


def login_require(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise LoginRequired


def json_endpoint(method: str, *, rate_limited: bool = True):
    """A JSON route: the wrong method and every ``DomainError`` answer in the contract's shape;
    too many requests from one client answer 429 (``freshsite.rate_limits``), unless the route
    is a read every page view makes (``rate_limited=False``): many guests share one address,
    and nginx limits those routes instead."""

    def decorate(handler):
        @wraps(handler)
        def view(request: HttpRequest, *args, **kwargs) -> JsonResponse:
            if request.method != method:
                response = json_error("method_not_allowed", _("请求方法不被允许。"), 405)
                response["Allow"] = method
                return response
            try:
                return handler(request, *args, **kwargs)
            except DomainError as error:
                return json_error(error.code, error.message, error.status, **error.details)

        return mark_json_view(limit_json_route(view) if rate_limited else view)

    return decorate
