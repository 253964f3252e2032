"""Haystack signal processor: goods changes reach the search index through Celery.

A saved or deleted ``GoodsSKU`` or ``GoodsSPU`` queues ``search_index_update_task`` once the
transaction commits (``freshsite.queue.enqueue_on_commit``), so the admin's save never waits
for Whoosh and a rolled-back change queues nothing. The task reads the row afresh, so it needs
no payload but the id. ``bulk_create`` and ``update()`` send no signals: after those (e.g.
``seed_demo``), run ``manage.py rebuild_index --noinput``.
"""

from django.db.models.signals import post_delete, post_save
from haystack.signals import BaseSignalProcessor

from catalog.models import GoodsSKU, GoodsSPU
from freshsite.queue import enqueue_on_commit

WATCHED_MODELS = (GoodsSKU, GoodsSPU)


class GoodsSignalProcessor(BaseSignalProcessor):
    def setup(self) -> None:
        for model in WATCHED_MODELS:
            post_save.connect(self.handle_save, sender=model)
            post_delete.connect(self.handle_delete, sender=model)

    def teardown(self) -> None:
        for model in WATCHED_MODELS:
            post_save.disconnect(self.handle_save, sender=model)
            post_delete.disconnect(self.handle_delete, sender=model)

    def handle_save(self, sender, instance, **kwargs) -> None:
        self._enqueue(instance)

    def handle_delete(self, sender, instance, **kwargs) -> None:
        self._enqueue(instance)

    @staticmethod
    def _enqueue(instance) -> None:
        from .tasks import search_index_update_task

        enqueue_on_commit(
            search_index_update_task, model=instance._meta.label_lower, object_id=instance.pk
        )
