"""Fixtures shared by every app's tests: real Redis, a real Celery worker, a real browser."""

import os

import pytest
from django_redis import get_redis_connection

# S3 on loopback (moto behind a signature check): s3_server, s3_media.
pytest_plugins = ["freshsite.tests.s3_server"]


@pytest.fixture(autouse=True)
def redis_flushed():
    """Each test starts with empty Redis databases (the test server's, never the dev one).

    Yields the store's connection (carts, sessions, history: ``freshsite.store``).
    """
    cache, store = get_redis_connection("default"), get_redis_connection("store")
    cache.flushdb(), store.flushdb()
    yield store
    cache.flushdb(), store.flushdb()


@pytest.fixture(autouse=True)
def snapshots_emptied(settings):
    """Each test starts with no published pages: views answer, unless the test publishes."""
    import shutil

    yield settings.SNAPSHOT_ROOT
    shutil.rmtree(settings.SNAPSHOT_ROOT, ignore_errors=True)


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker in a thread, consuming from the real broker."""
    from celery.contrib.testing.worker import start_worker

    from freshsite.celery import app

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


@pytest.fixture
def wait_for():
    """Poll ``condition`` until it holds (for work done by the worker thread)."""
    import time

    def wait(condition, timeout: float = 15.0, interval: float = 0.05):
        deadline = time.monotonic() + timeout
        while True:
            result = condition()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError("condition not met in time")
            time.sleep(interval)

    return wait


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (``playwright install`` cannot download here)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
