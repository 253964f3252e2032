"""The moment prices and promotions are computed for: now, or the future moment an editor
previews (``pricing_moment``)."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.utils import timezone

_preview_moment: ContextVar[datetime | None] = ContextVar("pricing_moment", default=None)


def pricing_now() -> datetime:
    return _preview_moment.get() or timezone.now()


@contextmanager
def pricing_moment(at: datetime):
    """Price and show everything as at ``at`` (an editor's preview of a future homepage)."""
    token = _preview_moment.set(at)
    try:
        yield at
    finally:
        _preview_moment.reset(token)
