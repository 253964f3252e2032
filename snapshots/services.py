"""Publishing: render what changed into the snapshot storage, remove what stopped existing.

Changes name the pages they affect as keys (``targets``); ``snapshots_mark_dirty`` adds them to
one set in the store once the change commits and queues one publisher task; the publisher
(``snapshots_publish_dirty``, one at a time under a lock in the store) expands every key from the
data as it is then, renders each page once and rewrites only the files whose bytes changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from freshsite.store import STORE_ERRORS, store_redis
from marketing.models import snapshot_keys_of
from marketing.selectors import campaigns_changing_between

from . import selectors, targets
from .render import default_site, page_render
from .storage import S3SnapshotStorage, SnapshotStorage, snapshot_storage

logger = logging.getLogger(__name__)

DIRTY_KEYS = "snapshots:dirty"  # keys waiting for the publisher: a change's own pages
DIRTY_LATER = "snapshots:dirty-later"  # what follows from it: lists, other goods' pages
QUEUED_FLAG = "snapshots:queued"  # a publisher task is queued: changes need not queue another
QUEUED_FLAG_SECONDS = 30
PUBLISHER_LOCK = "snapshots:publisher-lock"
LOCK_SECONDS = 60  # renewed as the publisher goes; a dead publisher frees it this fast
LAST_TICK, LAST_HOT = "snapshots:last-tick", "snapshots:last-hot"
URGENT_CHECK_EVERY = 10  # pages between looks at DIRTY_KEYS while long work is running

Progress = Callable[[int, int], None]


class PublisherBusy(Exception):
    """Another publisher holds the lock; it publishes what is dirty before it lets go."""


@dataclass
class PublishReport:
    rendered: int = 0
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed_keys: set[str] = field(default_factory=set)

    def add(self, other: PublishReport) -> None:
        self.rendered += other.rendered
        self.written += other.written
        self.removed += other.removed
        self.failed_keys |= other.failed_keys


def snapshots_mark_dirty(*, keys: Iterable[str], later: Iterable[str] = ()) -> None:
    """Once the current transaction commits, have these pages published (coalesced).

    ``keys`` are the change's own pages (a goods page, the homepage), published first and
    ahead of any ``later`` work still running; ``later`` are the pages that follow from it
    (every list page of a category, other goods' pages).
    """
    keys, later = set(keys), set(later) - set(keys)
    if keys or later:
        transaction.on_commit(lambda: _dirty_add(keys, later))


def _dirty_add(keys: set[str], later: set[str] = frozenset()) -> None:
    try:
        store = store_redis()
        if keys:
            store.sadd(DIRTY_KEYS, *keys)
        if later:
            store.sadd(DIRTY_LATER, *later)
        _publisher_queue()
    except STORE_ERRORS:  # the change has committed: say so in the log, never fail its request
        logger.exception("pages to publish not recorded (%s): the store cannot be reached", keys)


def _publisher_queue() -> None:
    """Queue one publisher run, unless one is queued already (it will see every dirty key)."""
    from .tasks import snapshots_publish_dirty_task

    store = store_redis()
    if not store.set(QUEUED_FLAG, 1, nx=True, ex=QUEUED_FLAG_SECONDS):
        return
    try:
        # at once, not with a countdown: an ETA message sits unacknowledged in the worker and
        # (with one message prefetched) holds back the queue behind it on RabbitMQ; what a bulk
        # edit marks while this run works is taken by its next round
        snapshots_publish_dirty_task.apply_async()
    except BrokerUnavailable:
        store.delete(QUEUED_FLAG)
        logger.exception("publisher not queued: the minute job queues it again")


def snapshots_publish(
    *,
    keys: Iterable[str],
    storage: SnapshotStorage | S3SnapshotStorage | None = None,
    only_missing: bool = False,
    progress: Progress | None = None,
    keep_alive: Callable[[], None] | None = None,
    urgent: Callable[[], None] | None = None,
) -> PublishReport:
    """Render, write or remove the files of ``keys``; a page named by several keys once.

    ``keep_alive`` renews the publisher's lock as it goes; ``urgent`` is called every few
    pages, so newer edits go live while a long republish is still running.
    """
    storage = storage or snapshot_storage()
    report = PublishReport()
    work: dict[targets.Work, set[str]] = {}
    sweep = targets.SWEEP in keys
    for key in sorted(set(keys), key=targets.key_order):
        for item in targets.work_for(key):
            work.setdefault(item, set()).add(key)
    items, site = list(work), default_site()
    for done, item in enumerate(items, start=1):
        try:
            _do(item, storage=storage, report=report, only_missing=only_missing, site=site)
        except Exception:  # one broken page must not hold back the others; it is retried
            logger.exception("could not publish %s", item)
            report.failed_keys |= work[item]
        if progress:
            progress(done, len(items))
        if done % URGENT_CHECK_EVERY == 0:
            if keep_alive:
                keep_alive()
            if urgent:
                urgent()
    if sweep:
        _sweep(storage, report)
    return report


def _do(item: targets.Work, *, storage, report: PublishReport, only_missing: bool, site) -> None:
    if isinstance(item, targets.Remove):
        if storage.delete(item.name):
            report.removed.append(item.name)
    elif isinstance(item, targets.Prune):
        for name in storage.names(item.directory) - item.keep:
            if storage.delete(name):
                report.removed.append(name)
    elif not (only_missing and storage.read(item.name) is not None):
        content = page_render(item.path, query=dict(item.query), site=site)
        report.rendered += 1
        if content is None:
            if storage.delete(item.name):
                report.removed.append(item.name)
        elif storage.write(item.name, content):
            report.written.append(item.name)


def _sweep(storage: SnapshotStorage | S3SnapshotStorage, report: PublishReport) -> None:
    """Remove every stored page that no longer exists (moved, deleted, unpublished pages)."""
    for name in sorted(storage.all_names() - targets.every_file()):
        if storage.delete(name):
            report.removed.append(name)


def snapshots_publish_dirty() -> PublishReport:
    """Publish every dirty key, the changes' own pages first, until none is left; one publisher
    at a time. While later work runs, newer changes' own pages are published every few pages.

    A key whose page failed stays dirty (the task retries it); the others are done.
    """
    store = store_redis()
    lock = store.lock(PUBLISHER_LOCK, timeout=LOCK_SECONDS)
    if not lock.acquire(blocking=False):
        raise PublisherBusy
    total = PublishReport()

    def drain(set_name: str, *, urgent=None) -> bool:
        """Publish what ``set_name`` holds now; True when there was something."""
        keys = {key.decode() for key in store.smembers(set_name)}
        if not keys:
            return False
        report = snapshots_publish(keys=keys, keep_alive=lock.reacquire, urgent=urgent)
        if done := keys - report.failed_keys:
            store.srem(set_name, *done)
        total.add(report)
        return True

    def urgent() -> None:
        if store.scard(DIRTY_KEYS):
            drain(DIRTY_KEYS)

    try:
        while not total.failed_keys and (drain(DIRTY_KEYS) or drain(DIRTY_LATER, urgent=urgent)):
            pass
    finally:
        lock.release()
    return total


def snapshots_publish_all(
    *, only_missing: bool = False, progress: Progress | None = None
) -> PublishReport:
    """Every page (``publish_snapshots``, ``seed_demo``), then remove what no longer exists.

    Waits for a running publisher to finish rather than interleave with it.
    """
    store = store_redis()
    lock = store.lock(PUBLISHER_LOCK, timeout=LOCK_SECONDS)
    lock.acquire(blocking=True, blocking_timeout=15 * 60)
    try:
        # changes made before this run: it publishes them
        covered = {name: store.smembers(name) for name in (DIRTY_KEYS, DIRTY_LATER)}
        report = snapshots_publish(
            keys=[*targets.every_key(), targets.SWEEP],
            only_missing=only_missing,
            progress=progress,
            keep_alive=lock.reacquire,
        )
        for name, keys in covered.items():
            if keys and not report.failed_keys and not only_missing:
                store.srem(name, *keys)
        return report
    finally:
        lock.release()


def snapshots_publish_scheduled() -> None:
    """Wagtail's scheduled publishing (its ``publish_scheduled`` command): pages and snippets
    past their expiry are unpublished, revisions past their go-live time are published. Their
    signals mark the pages they change, so the same minute's publisher takes them.

    A failure is logged, not raised: the rest of the minute's work still runs, and the next
    minute tries what is left again (the command only looks at times already past).
    """
    try:
        call_command("publish_scheduled")
    except Exception:
        logger.exception("scheduled publishing failed; the next minute tries again")


def snapshots_tick(*, now: datetime | None = None) -> set[str]:
    """The minute job: mark what changed with time since its last run, and queue the publisher
    for it and for anything still dirty (a failed or lost run). Returns the keys it marked.

    Promotion windows and campaigns' times are read as they are now, so an edited start or end
    is followed (no task is scheduled for a moment that may move); sort=hot lists follow the sales
    every ``SNAPSHOT_HOT_MINUTES``.
    """
    now = now or timezone.now()
    store = store_redis()
    since = _moment(store.getset(LAST_TICK, now.timestamp())) or now - timedelta(minutes=1)
    keys, later = set(), set()
    home = selectors.homepage_published()
    if home is not None and home.promotions_change_between(since, now):
        keys.add(targets.HOME)
    # sale prices start or stop with their campaigns' own times: the pages showing them (a
    # whole category's goods pages after its lists, as other long work)
    if changing := campaigns_changing_between(since, now):
        for key in snapshot_keys_of(changing):
            (later if key.startswith("goods:") else keys).add(key)
    hot_at = _moment(store.get(LAST_HOT))
    if hot_at is None or now - hot_at >= timedelta(minutes=settings.SNAPSHOT_HOT_MINUTES):
        later |= {targets.list_key(c.pk, "hot") for c in selectors.categories_published()}
        store.set(LAST_HOT, now.timestamp())
    for name, marked in ((DIRTY_KEYS, keys), (DIRTY_LATER, later)):
        if marked:
            store.sadd(name, *marked)
    if store.scard(DIRTY_KEYS) or store.scard(DIRTY_LATER):
        _publisher_queue()
    return keys | later


def _moment(raw: bytes | None) -> datetime | None:
    return datetime.fromtimestamp(float(raw), tz=UTC) if raw else None
