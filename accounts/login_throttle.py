"""Login throttling through django-axes, configured in ``freshsite/settings/base.py``.

Axes counts failed logins per (username, client address) in the database (``AccessAttempt``
rows), so throttling keeps working while Redis is down. Its one failure limit locks a pair;
this module adds a second, much higher limit for a whole address, so one guesser behind a
shared NAT does not lock everyone else out after a handful of tries.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils.translation import gettext as _


def login_attempt_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The username axes counts, case-folded: "Alice" and "alice" are one account."""
    username = credentials.get("username") if credentials else request.POST.get("username")
    return str(username).strip().lower() if username else None


def login_is_locked_out(request: HttpRequest) -> bool:
    """Whether axes refused (or just locked) this request's login attempt."""
    return bool(getattr(request, "axes_locked_out", False))


def login_lockout_message() -> str:
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return _("登录失败次数过多，请 %(minutes)s 分钟后再试。") % {"minutes": minutes}


class ShopAxesHandler(AxesDatabaseHandler):
    """Axes' database handler plus an address-wide lock at ``LOGIN_ADDRESS_FAILURE_LIMIT``."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self.address_is_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not request.axes_locked_out and self.address_is_locked(request):
            # the failure that reached the address limit is answered as a lockout already
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def address_is_locked(self, request) -> bool:
        address = request.axes_ip_address
        if not address:
            return False
        failures = AccessAttempt.objects.filter(
            ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
        ).aggregate(total=Sum("failures_since_start"))["total"]
        return (failures or 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
