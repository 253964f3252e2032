"""Edits reach the published pages through a real Celery worker, once committed."""

import pytest

from catalog.tests.factories import SKUFactory
from snapshots.services import DIRTY_KEYS, snapshots_publish_all
from snapshots.storage import SnapshotStorage

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_renamed_sku_is_live_on_its_pages_once_the_worker_ran(
    celery_worker, wait_for, redis_flushed
):
    sku = SKUFactory(name="丹东草莓")
    snapshots_publish_all()
    storage = SnapshotStorage()
    detail = f"goods/{sku.pk}/index.html"

    sku.name = "丹东九九草莓"
    sku.save()

    wait_for(lambda: "丹东九九草莓" in storage.read(detail).decode())
    wait_for(lambda: "丹东九九草莓" in storage.read("fruit/index.html").decode())
    wait_for(lambda: not redis_flushed.scard(DIRTY_KEYS))


def test_the_minute_job_publishes_what_was_left_dirty(celery_worker, wait_for, redis_flushed):
    from snapshots.tasks import snapshots_tick_task

    sku = SKUFactory(name="丹东草莓")
    storage = SnapshotStorage()
    redis_flushed.sadd(DIRTY_KEYS, f"goods:{sku.pk}")  # a mark whose publisher was never queued

    snapshots_tick_task.delay()

    wait_for(lambda: storage.read(f"goods/{sku.pk}/index.html") is not None)
