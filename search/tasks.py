"""Celery tasks of the search app: thin wrappers that load by id and call a service."""

from celery import shared_task
from redis.exceptions import RedisError
from whoosh.index import LockError as WhooshLockError

from . import services

# An index write that could not be made (the writer lock busy, Whoosh's own lock taken, the
# store Redis unreachable) is retried later, never reported as done.
INDEX_WRITE_RETRIED_ON = (WhooshLockError, RedisError)


@shared_task(
    autoretry_for=INDEX_WRITE_RETRIED_ON,
    retry_backoff=2,
    retry_backoff_max=300,
    max_retries=10,
)
def search_index_update_task(*, model: str, object_id: int) -> None:
    services.search_index_update(model=model, object_id=object_id)
