"""Work a change hands to Celery once it has committed (gateway calls, mails)."""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def task_after_commit(task_name: str, **kwargs) -> None:
    """Queue ``shop.tasks.<task_name>`` when the current transaction commits.

    A broker that cannot be reached never fails the change that already committed: it is
    logged, and the beat jobs (``payments_reconcile``) pick up what was left undone.
    """

    def send() -> None:
        from .. import tasks  # tasks import the services: imported when used, not at load

        try:
            getattr(tasks, task_name).delay(**kwargs)
        except Exception:
            logger.exception("could not queue %s%s", task_name, kwargs)

    transaction.on_commit(send)
