"""HTTP helpers every app shares: the contract's JSON shapes (``{"ok": true, ...}`` and
``{"ok": false, "error", "message"}``), the client address, the CSRF and store-down answers."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

_ANSWERS_JSON = "answers_json"
STORE_RETRY_AFTER_SECONDS = 30


def json_ok(**data) -> JsonResponse:
    return JsonResponse({"ok": True, **data})


def json_error(code: str, message: str, status: int, **details) -> JsonResponse:
    return JsonResponse({"ok": False, "error": code, "message": message, **details}, status=status)


def mark_json_view(view):
    """Mark a view as a JSON route, so a CSRF failure on it answers in JSON too."""
    setattr(view, _ANSWERS_JSON, True)
    return view


def wants_json(request: HttpRequest) -> bool:
    """A JSON route (``mark_json_view``) or a client that asks for JSON."""
    match = getattr(request, "resolver_match", None)
    return "application/json" in request.headers.get("Accept", "") or (
        match is not None and getattr(match.func, _ANSWERS_JSON, False)
    )


def client_ip(request: HttpRequest | None) -> str:
    """The client's address, trusting ``NUM_TRUSTED_PROXIES`` hops of X-Forwarded-For.

    django-axes (``AXES_CLIENT_IP_CALLABLE``) and the rate limits (``freshsite.rate_limits``)
    both count clients by it.
    """
    if request is None:
        return ""
    proxies = settings.NUM_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def csrf_failure(request, reason: str = ""):
    """A failed CSRF check: JSON for the JSON routes, Django's page for forms."""
    from django.utils.translation import gettext as _
    from django.views.csrf import csrf_failure as html_csrf_failure

    if wants_json(request):
        return json_error("csrf_failed", _("页面已过期，请刷新后重试。"), 403)
    return html_csrf_failure(request, reason)


def store_unavailable(request: HttpRequest) -> HttpResponse:
    """503 for a request that needs the store (Redis) while it cannot be reached: the contract's
    JSON on JSON routes, a notice page elsewhere, never an HTML 500."""
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    message = _("登录、购物车和下单暂时无法使用，请稍后再试。商品浏览和搜索不受影响。")
    if wants_json(request):
        response = json_error("store_unavailable", message, 503)
    else:
        response = render(request, "store_unavailable.html", {"message": message}, status=503)
    response["Retry-After"] = str(STORE_RETRY_AFTER_SECONDS)
    return response
