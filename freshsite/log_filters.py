"""Logging filters (``LOGGING`` in settings)."""

import logging


class OneLineCacheErrors(logging.Filter):
    """django-redis logs every cache error it ignores with a full traceback: while the cache is
    down that is a few dozen tracebacks a page. One warning line each, naming the error."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.msg = "cache call skipped: %s"
            record.args = (error.__cause__ or error,)
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
