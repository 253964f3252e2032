"""``make serve`` (freshsite/serve.py): var/serve.env, the nginx site under production settings,
and the stack itself (nginx, Granian, a worker and a beat) supervised."""

import json
import os
import signal
import stat
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from freshsite import serve

from .test_nginx import free_port

START_SECONDS = 60


def test_serve_env_names_the_embedded_services_and_keeps_the_secret_key(tmp_path):
    path, var_dir = tmp_path / "serve.env", tmp_path / "serve"

    values = serve.serve_env_write(path, var_dir=var_dir, site_url="http://127.0.0.1:8080/")

    assert serve.read_env_file(path) == values
    socket_path = var_dir / "redis" / "redis.sock"
    assert values["DATABASE_URL"] == f"sqlite:///{var_dir / 'db.sqlite3'}"
    assert values["REDIS_URL"] == f"unix://{socket_path}?db=0"
    assert values["REDIS_STORE_URL"] == f"unix://{socket_path}?db=2"
    assert values["CELERY_BROKER_URL"] == f"redis+socket://{socket_path}?virtual_host=1"
    assert values["ALLOWED_HOSTS"] == "127.0.0.1,localhost,[::1]"
    assert values["SITE_URL"] == "http://127.0.0.1:8080"
    for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        assert values[name] == "0"
    assert len(values["SECRET_KEY"]) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    again = serve.serve_env_write(path, var_dir=var_dir, site_url="http://127.0.0.1:9000/")
    assert again["SECRET_KEY"] == values["SECRET_KEY"] and again["SITE_URL"].endswith(":9000")
    other = serve.serve_env_write(tmp_path / "other.env", var_dir=var_dir, site_url="http://x/")
    assert other["SECRET_KEY"] != values["SECRET_KEY"]


def test_services_given_by_the_environment_are_used():
    assert not serve.services_given({"SECRET_KEY": "x"})
    assert serve.services_given({"DATABASE_URL": "mysql://root@127.0.0.1/shop"})


def database_url() -> str:
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 3306}"
    return f"mysql://{database['USER']}{password}@{host}/{database['NAME']}"


def production_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """Production settings on this test's database, Redis and broker."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="freshsite.settings.production",
        SECRET_KEY="serve-test-key",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url(),
        REDIS_URL=settings.REDIS_URL,
        REDIS_STORE_URL=settings.REDIS_STORE_URL,
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        VAR_DIR=str(var_dir),
        SNAPSHOT_ROOT=str(var_dir / "snapshots"),
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        NUM_TRUSTED_PROXIES="1",
        **extra,
    )
    return environment


def test_the_site_under_production_settings_sends_hsts_on_https_only(tmp_path):
    env = production_env(tmp_path, SECURE_HSTS_SECONDS="3600")
    config = serve.nginx_config_render_for(
        env, prefix=tmp_path / "nginx", listen="127.0.0.1:18098", app="127.0.0.1:18099"
    )
    site = (config.parent / "dailyfresh.conf").read_text()

    assert 'https "max-age=3600; includeSubDomains";' in site
    assert "add_header Strict-Transport-Security $dailyfresh_hsts always;" in site
    assert f"root {tmp_path / 'snapshots'};" in site
    assert f"alias {tmp_path / 'static'}/;" in site
    check = subprocess.run([*serve.nginx_command(config), "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
        return json.loads(response.read())


def wait_for_health(url: str, supervisor_thread: threading.Thread) -> dict:
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            return get_json(f"{url}/healthz")
        except OSError:
            if time.monotonic() > deadline or not supervisor_thread.is_alive():
                raise AssertionError("the stack did not answer /healthz") from None
            time.sleep(0.3)


@pytest.fixture
def running_stack(transactional_db, tmp_path):
    port = free_port()
    app_port = free_port(besides=port)
    supervisor = serve.stack_supervisor(
        env=production_env(tmp_path),
        var_dir=tmp_path,
        address=f"127.0.0.1:{port}",
        app_address=f"127.0.0.1:{app_port}",
        web_workers=1,
    )
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.update(code=supervisor.run()))
    thread.start()
    try:
        yield supervisor, thread, f"http://127.0.0.1:{port}", outcome
    finally:
        supervisor.stop()
        thread.join(timeout=60)


def test_the_stack_answers_through_nginx_restarts_beat_and_stops_with_granian(running_stack):
    supervisor, thread, url, outcome = running_stack
    services = {service.name: service for service in supervisor.services}

    health = wait_for_health(url, thread)  # nginx -> Granian -> database, store, broker

    assert health == {"ok": True, "database": "ok", "store": "ok", "broker": "ok"}
    assert set(services) == {"nginx", "granian", "celery worker", "celery beat"}
    beat = services["celery beat"].process
    assert all(service.process.poll() is None for service in services.values())
    beat.send_signal(signal.SIGKILL)
    deadline = time.monotonic() + START_SECONDS
    while services["celery beat"].process is beat or services["celery beat"].process.poll():
        assert time.monotonic() < deadline, "beat was not restarted"
        time.sleep(0.1)

    services["granian"].process.terminate()  # the app gone: the whole stack stops
    thread.join(timeout=60)
    assert not thread.is_alive() and outcome["code"] != 0
    assert all(service.process.poll() is not None for service in services.values())
