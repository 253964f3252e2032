"""A search-index write that cannot be made is retried, never reported done.

Real locks, held by the test: Whoosh's own writer lock (what any other writer holds) and the
store's index writer lock (``search.whoosh_backend.INDEX_WRITER_LOCK_KEY``). The task runs
eagerly in this thread, where Celery runs each retry at once: a receiver of ``task_retry``
notes the reason and, where a test says so, lets the lock go, so the retry finds it free.
"""

import threading
import time

import pytest
from celery import states
from celery.signals import task_retry
from django.core.management import call_command
from django.db import connection as db_connection
from haystack import connections
from redis.exceptions import LockError as RedisLockError
from whoosh.index import LockError as WhooshLockError

from catalog.models import GoodsSKU
from catalog.tests.factories import SKUFactory
from freshsite.store import store_redis
from search import services
from search.tasks import search_index_update_task
from search.whoosh_backend import INDEX_WRITER_LOCK_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend():
    """This thread's backend (the eager task uses it too), on an empty index."""
    backend = connections["default"].get_backend()
    backend.clear()
    yield backend
    backend.clear()


@pytest.fixture
def retries():
    """The exceptions the task retried on; ``retries.then`` runs at the first retry."""

    class Retries(list):
        then = None

    seen = Retries()

    def on_retry(sender, reason, **kwargs):
        seen.append(reason.exc)  # a Retry, for this exception
        if seen.then is not None and len(seen) == 1:
            seen.then()

    task_retry.connect(on_retry, sender=search_index_update_task, weak=False)
    yield seen
    task_retry.disconnect(on_retry, sender=search_index_update_task)


@pytest.fixture
def whoosh_writer_held(backend):
    """Whoosh's writer lock on the index, held by a writer of the test's (one per index)."""
    writer = backend.index.refresh().writer()
    yield writer
    if not writer.is_closed:
        writer.cancel()


@pytest.fixture
def store_lock_held(backend, monkeypatch):
    """The store's index writer lock, held by the test; writers give up after 0.2 s."""
    monkeypatch.setattr(backend, "writer_lock_wait", 0.2)
    lock = store_redis().lock(INDEX_WRITER_LOCK_KEY, timeout=30)
    assert lock.acquire(blocking=False)
    yield lock
    if lock.owned():
        lock.release()


def indexed_ids(backend) -> set[int]:
    with backend.index.refresh().searcher() as searcher:
        return {int(document["django_id"]) for document in searcher.documents()}


def run_task(sku: GoodsSKU):
    return search_index_update_task.apply(
        kwargs={"model": GoodsSKU._meta.label_lower, "object_id": sku.pk}
    )


@pytest.fixture
def indexed_then_taken_off_the_shelf(backend) -> GoodsSKU:
    sku = SKUFactory()
    call_command("rebuild_index", "--noinput", verbosity=0)
    assert indexed_ids(backend) == {sku.pk}
    GoodsSKU.objects.filter(pk=sku.pk).update(is_on_sale=False)  # no signal: the task is ours
    return sku


def test_a_removal_that_finds_whoosh_locked_is_retried_and_done(
    backend, indexed_then_taken_off_the_shelf, whoosh_writer_held, retries
):
    retries.then = whoosh_writer_held.cancel
    result = run_task(indexed_then_taken_off_the_shelf)
    assert [type(reason) for reason in retries] == [WhooshLockError]
    assert result.state == states.SUCCESS
    assert indexed_ids(backend) == set()


def test_a_removal_whoosh_never_allows_fails_after_its_retries(
    backend, indexed_then_taken_off_the_shelf, whoosh_writer_held, retries
):
    result = run_task(indexed_then_taken_off_the_shelf)
    assert len(retries) == search_index_update_task.max_retries
    assert result.state == states.FAILURE
    assert isinstance(result.result, WhooshLockError)
    assert indexed_ids(backend) == {indexed_then_taken_off_the_shelf.pk}


def test_an_update_that_cannot_get_the_writer_lock_is_retried_and_done(
    backend, store_lock_held, retries
):
    sku = SKUFactory(name="蓝莓 125g")  # its own task is queued on a commit that never comes
    retries.then = store_lock_held.release
    result = run_task(sku)
    assert [type(reason) for reason in retries] == [RedisLockError]
    assert result.state == states.SUCCESS
    assert indexed_ids(backend) == {sku.pk}


def test_a_rebuild_takes_the_writer_lock(backend, store_lock_held):
    SKUFactory()
    with pytest.raises(RedisLockError):
        call_command("rebuild_index", "--noinput", verbosity=0)
    assert indexed_ids(backend) == set()


@pytest.mark.django_db(transaction=True)
def test_a_write_waiting_for_the_lock_reads_the_rows_it_writes_after_the_wait(backend):
    """Two workers: one re-indexes a product while another holds the lock; the product's task
    must not write rows it read before a later change (it would bring the old name back)."""
    sku = SKUFactory(name="脐橙 5kg")
    services.search_index_update(model="catalog.goodssku", object_id=sku.pk)
    assert indexed_ids(backend) == {sku.pk}
    lock = store_redis().lock(INDEX_WRITER_LOCK_KEY, timeout=30)
    assert lock.acquire(blocking=False)  # another worker's write in progress

    def product_reindex():
        try:
            services.search_index_update(model="catalog.goodsspu", object_id=sku.spu_id)
        finally:
            db_connection.close()

    worker = threading.Thread(target=product_reindex)
    worker.start()
    time.sleep(0.5)  # let it reach the lock
    GoodsSKU.objects.filter(pk=sku.pk).update(name="蓝莓 125g")  # the later change, no signal
    lock.release()
    worker.join(timeout=30)
    assert not worker.is_alive()
    with backend.index.refresh().searcher() as searcher:
        (document,) = searcher.documents()
    assert "蓝莓" in document["text"] and "脐橙" not in document["text"]
