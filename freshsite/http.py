"""The contract's JSON shapes: ``{"ok": true, ...}`` and ``{"ok": false, "error", "message"}``."""

from django.http import JsonResponse


def json_ok(**data) -> JsonResponse:
    return JsonResponse({"ok": True, **data})


def json_error(code: str, message: str, status: int, **details) -> JsonResponse:
    return JsonResponse({"ok": False, "error": code, "message": message, **details}, status=status)
