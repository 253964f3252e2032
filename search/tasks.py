"""Celery tasks of the search app: thin wrappers that load by id and call a service."""

from celery import shared_task

from . import services


@shared_task
def search_index_update_task(*, model: str, object_id: int) -> None:
    services.search_index_update(model=model, object_id=object_id)
