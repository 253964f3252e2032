"""Two worker processes keep the search index current: no change lost, none reported done early.

The conftest's ``celery_worker`` runs one task at a time in a thread, which can never show two
writers colliding; here a real ``celery worker`` (prefork, two processes) runs as a subprocess
on this test's database, broker and Whoosh index (named through the ``TEST_WORKER_*``
variables of ``freshsite/settings/test.py``).
"""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection, transaction
from haystack import connections
from haystack.query import SearchQuerySet

from catalog.models import GoodsSKU
from catalog.tests.factories import SKUFactory, SPUFactory, make_image
from freshsite.celery import app

SKU_COUNT = 30
INDEX_DEADLINE_SECONDS = 30  # for each wait, the worker's start included (10-15 s in all here)


def indexed_ids() -> set[int]:
    backend = connections["default"].get_backend()
    with backend.index.refresh().searcher() as searcher:
        return {int(document["django_id"]) for document in searcher.documents()}


def found_ids(query: str) -> set[int]:
    return {int(result.pk) for result in SearchQuerySet().models(GoodsSKU).auto_query(query)}


@pytest.fixture
def index_workers(transactional_db, tmp_path):
    """``celery worker --pool prefork --concurrency 2`` on this test's database and index."""
    backend = connections["default"].get_backend()
    backend.clear()
    app.control.purge()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "freshsite.settings.test",
        "TEST_WORKER_DATABASE_NAME": str(connection.settings_dict["NAME"]),
        "TEST_WORKER_WHOOSH_PATH": settings.HAYSTACK_CONNECTIONS["default"]["PATH"],
    }
    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "freshsite", "worker"),
                *("--pool", "prefork", "--concurrency", "2", "--loglevel", "INFO"),
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
                *("--hostname", f"search-test-{os.getpid()}@%h"),
            ],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its pool processes can be killed with it
        )
    try:
        yield log_path
    finally:
        worker.terminate()  # warm shutdown: the running tasks finish
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        app.control.purge()
        backend.clear()


def wait_for_index(condition, log_path) -> None:
    deadline = time.monotonic() + INDEX_DEADLINE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            log = log_path.read_text(errors="replace")
            raise AssertionError(f"the index did not catch up; the worker said:\n{log[-6000:]}")
        time.sleep(0.2)


def test_every_change_reaches_the_index_from_two_worker_processes(index_workers, client):
    with transaction.atomic():
        basket, picture = SPUFactory(name="果篮", detail=""), make_image()
        skus = [
            SKUFactory(spu=basket, image=picture, name=f"脐橙 {n}", description="")
            for n in range(SKU_COUNT)
        ]
    all_ids = {sku.pk for sku in skus}
    wait_for_index(lambda: indexed_ids() == all_ids, index_workers)

    taken_off, renamed = skus[::2], skus[1::2]
    with transaction.atomic():  # one commit queues all the tasks at once
        for sku in taken_off:
            sku.is_on_sale = False
            sku.save()
        for sku in renamed:
            sku.name = f"蓝莓 {sku.pk}"
            sku.save()
    renamed_ids = {sku.pk for sku in renamed}
    wait_for_index(
        lambda: found_ids("蓝莓") == renamed_ids and found_ids("脐橙") == set(), index_workers
    )
    # on a loaded machine a task queued twice for one SKU may still be rewriting it: wait
    # until the product's own word finds the same goods twice in a row
    wait_for_index(lambda: found_ids("果篮") == renamed_ids == found_ids("果篮"), index_workers)
    assert indexed_ids() == renamed_ids

    response = client.get("/search/", {"q": "果篮"})
    goods_page = response.context["goods_page"]
    # 15 renamed: one page of results, so every match is a card
    assert goods_page.paginator.count == len(renamed) == len(goods_page.object_list)
    log = index_workers.read_text(errors="replace")
    assert "LockError" not in log  # one writer at a time: nothing to retry
