"""The contract's JSON shapes: ``{"ok": true, ...}`` and ``{"ok": false, "error", "message"}``."""

from django.http import JsonResponse

_ANSWERS_JSON = "answers_json"


def json_ok(**data) -> JsonResponse:
    return JsonResponse({"ok": True, **data})


def json_error(code: str, message: str, status: int, **details) -> JsonResponse:
    return JsonResponse({"ok": False, "error": code, "message": message, **details}, status=status)


def mark_json_view(view):
    """Mark a view as a JSON route, so a CSRF failure on it answers in JSON too."""
    setattr(view, _ANSWERS_JSON, True)
    return view


def csrf_failure(request, reason: str = ""):
    """A failed CSRF check: JSON for the JSON routes, Django's page for forms."""
    from django.utils.translation import gettext as _
    from django.views.csrf import csrf_failure as html_csrf_failure

    match = getattr(request, "resolver_match", None)
    wants_json = "application/json" in request.headers.get("Accept", "") or (
        match is not None and getattr(match.func, _ANSWERS_JSON, False)
    )
    if wants_json:
        return json_error("csrf_failed", _("页面已过期，请刷新后重试。"), 403)
    return html_csrf_failure(request, reason)
