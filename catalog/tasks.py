"""Celery tasks of the catalog: thin wrappers around services, safe to run again."""

from datetime import timedelta

from botocore.exceptions import BotoCoreError, ClientError
from celery import shared_task

from freshsite.media_storage import media_sweep


@shared_task(
    autoretry_for=(OSError, BotoCoreError, ClientError),  # the disk or the bucket, for a while
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=6,
)
def media_sweep_task(*, older_than_hours: float = 24) -> int:
    """Beat's daily sweep of media files no row names (goods pictures, renditions, documents)."""
    return media_sweep(older_than=timedelta(hours=older_than_hours))
