"""The site benchmark's shop: ``make serve``'s stack on loopback over an isolated var dir.

MariaDB database ``df_bench``, the shared Redis's databases 13 (cache), 14 (store) and 15
(broker), ports from 18100. nginx (deploy/nginx/), Granian, one Celery worker and one beat are
started the way ``make serve`` starts them (``freshsite.serve``).
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from common import ROOT, bench_env, manage

VAR_DIR = ROOT / "var" / "bench-site"
DATABASE = "df_bench"
NGINX_PORT = 18100
GRANIAN_PORT = 18101


def site_env() -> dict[str, str]:
    return bench_env(
        VAR_DIR,
        DATABASE_URL=os.environ.get(
            "BENCH_DATABASE_URL", f"mysql://root@127.0.0.1:3306/{DATABASE}"
        ),
        REDIS_URL="redis://127.0.0.1:6379/13",
        REDIS_STORE_URL="redis://127.0.0.1:6379/14",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/15",
        SNAPSHOT_ROOT=str(VAR_DIR / "snapshots"),
        SITE_URL=f"http://127.0.0.1:{NGINX_PORT}",
        CONN_MAX_AGE="60",
        # thousands of page views a second from one loopback address: the per-client limits
        # still count every request, but must not turn the benchmark away
        RATE_LIMIT_JSON="100000000/m",
    )


def prepare(env: dict[str, str], *, goods: int) -> None:
    """Database, migrations, the catalog of ``goods`` bulk SKUs (seed_demo is idempotent)."""
    import MySQLdb

    connection = MySQLdb.connect(host="127.0.0.1", user="root", port=3306)
    connection.cursor().execute(f"CREATE DATABASE IF NOT EXISTS `{DATABASE}` CHARACTER SET utf8mb4")
    connection.close()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--goods", str(goods))
    manage(env, "collectstatic", "--noinput", "-v0")


def publish_all(env: dict[str, str]) -> float:
    """Wall seconds of ``publish_snapshots --all`` (the whole catalog, from its own process)."""
    start = time.perf_counter()
    manage(env, "publish_snapshots", "--all")
    return time.perf_counter() - start


def wait_for(url: str, *, seconds: float = 60, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()  # noqa: S310
            return
        except OSError:
            if time.monotonic() > deadline or (process and process.poll() is not None):
                raise RuntimeError(f"{url} did not answer") from None
            time.sleep(0.3)


@contextmanager
def served(env: dict[str, str]):
    """nginx in front of Granian, with a Celery worker and beat: the base URL (nginx)."""
    from freshsite import serve

    with serve.stack(env=env, var_dir=VAR_DIR, port=NGINX_PORT, app_port=GRANIAN_PORT) as base_url:
        wait_for(f"{base_url}/")
        yield base_url


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    return f"{model}, {os.cpu_count()} cores"


def published_count() -> int:
    from django.conf import settings

    return sum(1 for _ in Path(settings.SNAPSHOT_ROOT).rglob("*.html"))
