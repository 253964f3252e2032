"""The site benchmark's shop: ``make serve``'s stack on loopback over an isolated var dir.

MariaDB database ``df_bench``, the shared Redis's databases 13 (cache), 14 (store) and 15
(broker), ports from 18100. nginx (deploy/nginx/), Granian, one Celery worker and one beat are
started the way ``make serve`` starts them (``freshsite.serve``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

from common import ROOT, bench_env, manage

VAR_DIR = ROOT / "var" / "bench-site"
DATABASE = "df_bench"
NGINX_PORT = 18100
GRANIAN_PORT = 18101
WEB_WORKERS = 2
REDIS_DATABASES = (13, 14, 15)  # cache, store, broker


def site_env() -> dict[str, str]:
    return bench_env(
        VAR_DIR,
        DATABASE_URL=os.environ.get(
            "BENCH_DATABASE_URL", f"mysql://root@127.0.0.1:3306/{DATABASE}"
        ),
        REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DATABASES[0]}",
        REDIS_STORE_URL=f"redis://127.0.0.1:6379/{REDIS_DATABASES[1]}",
        CELERY_BROKER_URL=f"redis://127.0.0.1:6379/{REDIS_DATABASES[2]}",
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
    _redis_flush()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--goods", str(goods), "--no-publish")  # the bench times publishing
    manage(env, "collectstatic", "--noinput", "-v0")


def _redis_flush() -> None:
    """A run starts with an empty cache, store and broker: no publishing queued by the last."""
    import redis

    for number in REDIS_DATABASES:
        redis.Redis(host="127.0.0.1", port=6379, db=number).flushdb()


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


def _services(env: dict[str, str]) -> dict[str, list[str]]:
    """``make serve``'s processes (freshsite.serve builds their commands) on the bench's ports."""
    from freshsite import serve

    app = f"127.0.0.1:{GRANIAN_PORT}"
    config = serve.nginx_config_render_for(
        env, prefix=VAR_DIR / "nginx", listen=f"127.0.0.1:{NGINX_PORT}", app=app
    )
    worker, beat = serve.celery_commands(VAR_DIR)
    return {
        "nginx": serve.nginx_command(config),
        "granian": serve.granian_command(address=app, workers=WEB_WORKERS),
        "worker": worker,
        "beat": beat,
    }


@contextmanager
def served(env: dict[str, str]):
    """nginx in front of Granian, with a Celery worker and beat: the base URL (nginx).

    Started as ``make serve`` starts them, each with its output in var/bench-site/logs/ so the
    table stays readable (``serve.stack`` would print the worker's log among the figures).
    """
    logs = VAR_DIR / "logs"
    logs.mkdir(exist_ok=True)
    processes: list[subprocess.Popen] = []
    try:
        for name, command in _services(env).items():
            with open(logs / f"{name}.log", "ab") as log:
                processes.append(
                    subprocess.Popen(
                        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                        stdin=subprocess.DEVNULL, process_group=0,
                    )
                )  # fmt: skip
        base_url = f"http://127.0.0.1:{NGINX_PORT}"
        wait_for(f"http://127.0.0.1:{GRANIAN_PORT}/healthz", process=processes[1])
        wait_for(f"{base_url}/healthz", process=processes[0])
        yield base_url
    finally:
        for process in processes:
            process.terminate()  # the leader first: a worker finishes its task (warm shutdown)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGTERM)  # what it left behind


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
