"""``GET /healthz``: whether this instance can serve, for a load balancer or a monitor.

Each part the shop cannot work without is asked once, with short timeouts, so a part that is
down or hung answers within about two seconds: the database (``SELECT 1``), the store (Redis
``PING``) and Celery's broker (a connection opened and closed). No session, no rate limit, never
cached.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from kombu import Connection

from .http import json_error, mark_json_view
from .store import store_redis

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 1.5


def database_check() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def store_check() -> None:
    store_redis().ping()


def broker_check() -> None:
    options = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
        "socket_timeout": BROKER_TIMEOUT_SECONDS,
    }
    broker = Connection(
        settings.CELERY_BROKER_URL,
        connect_timeout=BROKER_TIMEOUT_SECONDS,
        transport_options=options,
    )
    try:
        # one attempt (the Redis transport PINGs as it connects): a retry would only keep the
        # load balancer waiting
        broker.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT_SECONDS)
    finally:
        broker.release()


CHECKS = {"database": database_check, "store": store_check, "broker": broker_check}


def health_report() -> dict[str, str]:
    """``{"database": "ok" | "error", "store": …, "broker": …}``."""
    report = {}
    for part, check in CHECKS.items():
        try:
            check()
            report[part] = "ok"
        except Exception:  # any failure of a part is that part being unhealthy
            logger.warning("health check: %s is unavailable", part, exc_info=True)
            report[part] = "error"
    return report


@mark_json_view
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    failing = [part for part, state in report.items() if state != "ok"]
    if not failing:
        response = JsonResponse({"ok": True, **report})
    else:
        message = _("不可用：%(parts)s") % {"parts": ", ".join(failing)}
        response = json_error("unhealthy", message, 503, **report)
    response["Cache-Control"] = "no-store"
    return response
