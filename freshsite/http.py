"""The contract's JSON shapes: ``{"ok": true, ...}`` and ``{"ok": false, "error", "message"}``."""

from django.http import JsonResponse


def json_ok(**data) -> JsonResponse:
    return JsonResponse({"ok": True, **data})


def json_error(code: str, message: str, status: int, **details) -> JsonResponse:
    return JsonResponse({"ok": False, "error": code, "message": message, **details}, status=status)


def csrf_failure(request, reason: str = ""):
    """A failed CSRF check: JSON for the JSON routes, Django's page for forms."""
    from django.utils.translation import gettext as _
    from django.views.csrf import csrf_failure as html_csrf_failure

    wants_json = (
        "application/json" in request.headers.get("Accept", "")
        or request.path
        in {
            "/cart/add/",
            "/cart/update/",
            "/cart/delete/",
            "/orders/commit/",
        }
        or request.path.endswith("/pay/")
    )
    if wants_json:
        return json_error("csrf_failed", _("页面已过期，请刷新后重试。"), 403)
    return html_csrf_failure(request, reason)
