"""The embedded Redis of ``make run`` keeps the store across a restart; test servers keep nothing.

The shop runs in subprocesses whose settings start (or find) an embedded server in a directory
of the test's own, as ``make run`` does with ``var/redis``; the test stops and restarts that
server between them, as ``make stop`` + ``make run`` do.
"""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from accounts.tests.factories import PASSWORD, UserFactory
from catalog.tests.factories import SKUFactory
from freshsite.embedded_redis import ensure_server, process_running, stop_server

# Runs as the shop: "before" logs in (remember me) and adds to the cart, then prints the session
# cookie; "after" opens the user center with that cookie (a login page redirect if the session is
# gone) and reads the cart through the shop's cart module.
SHOPPER_SCRIPT = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.test import Client
from shop import redis_cart

phase, argument = sys.argv[1], json.loads(sys.argv[2])
client = Client()
if phase == "before":
    login = client.post(
        "/accounts/login/",
        {"username": argument["username"], "password": argument["password"], "remember": "on"},
    )
    assert login.status_code == 302, login.status_code
    added = client.post("/cart/add/", {"sku_id": argument["sku_id"], "count": 2})
    assert added.json() == {"ok": True, "cart_count": 1}, added.content
    print(json.dumps(client.cookies[settings.SESSION_COOKIE_NAME].value))
else:
    client.cookies[settings.SESSION_COOKIE_NAME] = argument["cookie"]
    cart = redis_cart.items(redis_cart.user_cart_key(argument["user_id"]))
    user_center = client.get("/accounts/")
    print(json.dumps({"user_center": user_center.status_code, "cart": cart}))
"""


@pytest.fixture
def redis_dir(tmp_path_factory):
    # A short path: a unix socket's path may not pass 107 bytes.
    data_dir = tmp_path_factory.mktemp("redis")
    yield data_dir
    stop_server(data_dir)


def _client(socket_path: Path) -> redis.Redis:
    return redis.Redis(unix_socket_path=str(socket_path), decode_responses=True)


def _test_database_url() -> str:
    """The test database as a ``DATABASE_URL``, for the shop in a subprocess."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 3306
    return f"mysql://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{db['NAME']}"


def _shop(phase: str, argument, redis_dir: Path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "REDIS_STORE_URL", "CELERY_BROKER_URL"}
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "freshsite.settings.test",
        "DATABASE_URL": _test_database_url(),
        "EMBEDDED_REDIS_DIR": str(redis_dir),
        "EMBEDDED_REDIS_PERSIST": "1",
    }
    finished = subprocess.run(
        [sys.executable, "-c", SHOPPER_SCRIPT, phase, json.dumps(argument)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    return json.loads(finished.stdout.strip().splitlines()[-1])


def test_a_persistent_server_snapshots_and_appends_every_second(redis_dir):
    config = _client(ensure_server(redis_dir, persist=True)).config_get("*")
    assert config["save"] == "900 1 300 10 60 1"
    assert config["appendonly"] == "yes"
    assert config["appendfsync"] == "everysec"


def test_a_killed_server_keeps_what_its_append_only_file_holds(redis_dir, wait_for):
    server = _client(ensure_server(redis_dir, persist=True))
    pid = server.info("server")["process_id"]
    server.hset("cart_1", "7", 3)  # no snapshot is due for a minute
    wait_for(lambda: b"cart_1" in (redis_dir / "redis.aof").read_bytes())
    os.kill(pid, signal.SIGKILL)  # no final snapshot, no fsync
    wait_for(lambda: not process_running(pid))
    assert _client(ensure_server(redis_dir, persist=True)).hgetall("cart_1") == {"7": "3"}


def test_a_test_server_keeps_nothing(redis_dir):
    server = _client(ensure_server(redis_dir, persist=False))
    assert server.config_get("save")["save"] == ""
    assert server.config_get("appendonly")["appendonly"] == "no"
    server.set("cart_1", "kept?")
    stop_server(redis_dir)
    assert _client(ensure_server(redis_dir, persist=False)).get("cart_1") is None


def test_stop_waits_until_the_server_has_exited(redis_dir):
    pid = _client(ensure_server(redis_dir, persist=True)).info("server")["process_id"]
    stop_server(redis_dir)
    assert not process_running(pid)
    stop_server(redis_dir)  # nothing running: nothing to do


@pytest.mark.django_db(transaction=True)
def test_a_shoppers_cart_and_login_survive_a_restart(redis_dir):
    shopper, sku = UserFactory(), SKUFactory(stock=10)
    shopper_login = {"username": shopper.username, "password": PASSWORD, "sku_id": sku.pk}
    session_cookie = _shop("before", shopper_login, redis_dir)

    stop_server(redis_dir)
    ensure_server(redis_dir, persist=True)

    after = _shop("after", {"cookie": session_cookie, "user_id": shopper.pk}, redis_dir)
    assert after == {"user_center": 200, "cart": {str(sku.pk): 2}}
