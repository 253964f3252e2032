"""Queueing Celery tasks from request code."""

import logging

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Task, **kwargs) -> None:
    """Queue ``task`` once the current transaction commits (at once outside one).

    A broker that cannot be reached is logged, not raised: the shopper's request has already
    succeeded, and each task family has a periodic sweep or retry that finds what was missed.
    """

    def publish() -> None:
        try:
            task.apply_async(kwargs=kwargs)
        except BrokerUnavailable:
            logger.exception("could not queue %s%r", task.name, kwargs)

    transaction.on_commit(publish)
