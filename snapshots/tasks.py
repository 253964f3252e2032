"""Publishing runs in Celery: queued by changes once they commit, and each minute by beat."""

from celery import shared_task

from freshsite.store import STORE_ERRORS, store_redis

from . import services

BUSY_RETRY_SECONDS = 2


class PagesNotPublished(Exception):
    """Some pages failed to render; their keys stay dirty for the retry."""


@shared_task(bind=True, max_retries=8, acks_late=True)
def snapshots_publish_dirty_task(self) -> None:
    """Publish the dirty pages. Idempotent: a page whose bytes did not change is not rewritten."""
    try:
        store_redis().delete(services.QUEUED_FLAG)  # changes from now on queue another run
        report = services.snapshots_publish_dirty()
    except services.PublisherBusy as busy:
        # the running publisher drains the set; this run follows it for what it misses
        raise self.retry(exc=busy, countdown=BUSY_RETRY_SECONDS, max_retries=None) from busy
    except STORE_ERRORS as error:
        raise self.retry(exc=error, countdown=2**self.request.retries) from error
    if report.failed_keys:
        error = PagesNotPublished(sorted(report.failed_keys))
        raise self.retry(exc=error, countdown=2**self.request.retries)


@shared_task(bind=True, max_retries=3, acks_late=True)
def snapshots_tick_task(self) -> None:
    """Each minute (beat): Wagtail's scheduled publishing, promotion windows and sort=hot
    lists, then whatever is dirty — pages and snippets going live at 10:00 are published by
    10:01."""
    services.snapshots_publish_scheduled()
    try:
        services.snapshots_tick()
    except STORE_ERRORS as error:
        raise self.retry(exc=error, countdown=5) from error
