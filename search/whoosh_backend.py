"""Haystack's Whoosh engine with the jieba analyzer on every text field.

Haystack's own backend gives text fields Whoosh's ``StemmingAnalyzer``, which splits on spaces
and so sees a Chinese name as one word. This backend builds the same schema, then swaps the
analyzer of its text fields for ``search.analysis.ChineseAnalyzer``; the query parser reads
the schema, so queries are cut into words the same way as the documents.

Every write (``update``, ``remove``, ``clear``, ``optimize``: the signal task, ``rebuild_index``
and ``update_index`` all come through them) holds one lock in the store Redis,
``INDEX_WRITER_LOCK_KEY``. Whoosh allows one writer per index and haystack's ``remove()`` and
``clear()`` do not wait for it: two worker processes writing at once made one fail with
``whoosh.index.LockError``. A writer that cannot get the lock in time raises
``redis.exceptions.LockError``; with ``"SILENTLY_FAIL": False`` (settings) Whoosh's own errors
are raised too, and ``search_index_update_task`` retries on both.

In settings: ``"ENGINE": "search.whoosh_backend.ChineseWhooshEngine"``, with a ``"PATH"``.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from haystack.backends.whoosh_backend import (
    WhooshEngine,
    WhooshSearchBackend,
    WhooshSearchQuery,
)
from whoosh.fields import TEXT

from freshsite.store import store_redis

from .analysis import ChineseAnalyzer

# The one lock around every write to the goods index (a key in the store Redis).
INDEX_WRITER_LOCK_KEY = "search:index-writer-lock"
# A holder that died frees the lock after this long; one write (a batch of at most 1,000
# documents in a rebuild) takes seconds.
INDEX_WRITER_LOCK_TIMEOUT = 300
# How long a writer waits for the lock before giving up (the task then retries later).
INDEX_WRITER_LOCK_WAIT = 60
# The lock is held by this thread already: a task holds it around its read of the rows and the
# write (``services.search_index_update``), and the write inside must not wait for itself.
_held = threading.local()


class ChineseWhooshSearchBackend(WhooshSearchBackend):
    writer_lock_wait: float = INDEX_WRITER_LOCK_WAIT

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold the index's writer lock; ``redis.exceptions.LockError`` if not free in time.

        Re-entrant within a thread, so a caller can hold it around reading what it writes.
        """
        if getattr(_held, "depth", 0):
            _held.depth += 1
            try:
                yield
            finally:
                _held.depth -= 1
            return
        lock = store_redis().lock(
            INDEX_WRITER_LOCK_KEY,
            timeout=INDEX_WRITER_LOCK_TIMEOUT,
            blocking_timeout=self.writer_lock_wait,
        )
        with lock:
            _held.depth = 1
            try:
                yield
            finally:
                _held.depth = 0

    def update(self, index, iterable, commit=True):
        with self.writer_lock():
            super().update(index, iterable, commit=commit)

    def remove(self, obj_or_string, commit=True):
        with self.writer_lock():
            super().remove(obj_or_string, commit=commit)

    def clear(self, models=None, commit=True):
        with self.writer_lock():
            super().clear(models=models, commit=commit)

    def optimize(self):
        with self.writer_lock():
            super().optimize()

    def search(self, query_string, start_offset=0, end_offset=None, **kwargs):
        """Haystack's search, right for a window that is not a whole Whoosh page too.

        Haystack asks Whoosh for page ``start // length + 1`` of ``length`` hits, which is the
        wrong window unless ``start`` is a multiple of ``length``: a paginator's short last
        page (hits 8-10 of 11, 4 a page) came back as hits 6-8. Such a window is read as the
        first ``end`` hits, less the first ``start``.
        """
        length = (end_offset or 0) - (start_offset or 0)
        if start_offset and end_offset and length > 0 and start_offset % length:
            results = super().search(query_string, start_offset=0, end_offset=end_offset, **kwargs)
            results["results"] = results["results"][start_offset:]
            return results
        return super().search(
            query_string, start_offset=start_offset, end_offset=end_offset, **kwargs
        )

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for _name, field in schema.items():
            if type(field) is TEXT:  # not NGRAM and friends, which have analyzers of their own
                field.analyzer = ChineseAnalyzer()
        return content_field_name, schema


class ChineseWhooshEngine(WhooshEngine):
    backend = ChineseWhooshSearchBackend
    query = WhooshSearchQuery
