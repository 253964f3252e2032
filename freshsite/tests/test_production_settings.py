"""Production settings: every service named explicitly, HTTPS enforced, a clean deploy check.

Each test starts a fresh interpreter on ``freshsite.settings.production`` (the settings are read
once per process), with none of the test run's own configuration in its environment.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Everything production.py or base.py reads that the test run's environment (CI sets several)
# could otherwise lend the child process.
CONFIGURATION = {
    "DATABASE_URL",
    "REDIS_URL",
    "REDIS_STORE_URL",
    "CELERY_BROKER_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "NUM_TRUSTED_PROXIES",
    "TRUSTED_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "EMBEDDED_REDIS_DIR",
    "EMBEDDED_REDIS_PERSIST",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser fixture; the deploy check refuses it
}


def production_env(var_dir: Path, **variables: str) -> dict[str, str]:
    """The production settings with every required variable set (the check doesn't connect)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in CONFIGURATION and not name.startswith("SECURE_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="freshsite.settings.production",
        VAR_DIR=str(var_dir),  # where an embedded server would appear, if one were started
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="shop.example",
        DATABASE_URL=f"sqlite:///{var_dir / 'db.sqlite3'}",
        # the store on an instance of its own, as the README asks (shop.W001)
        REDIS_URL="redis://127.0.0.1:6379/0",
        REDIS_STORE_URL="redis://127.0.0.1:6380/0",
        CELERY_BROKER_URL="redis://127.0.0.1:6381/0",
    )
    env.update(variables)
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


SETTINGS_DUMP = """
import json
from django.conf import settings
names = ["SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
         "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SILENCED_SYSTEM_CHECKS",
         "EMBEDDED_REDIS_SOCKET", "DEBUG"]
print(json.dumps({name: getattr(settings, name) for name in names}, default=str))
"""


def production_settings(tmp_path: Path, **variables: str) -> dict:
    result = run(production_env(tmp_path, **variables), "-c", SETTINGS_DUMP)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_deploy_check_with_production_defaults_prints_no_warning(tmp_path):
    result = run(production_env(tmp_path), "manage.py", "check", "--deploy")

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "ERRORS" not in output, output
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "name", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "REDIS_STORE_URL"]
)
def test_production_refuses_to_start_without(name, tmp_path):
    env = production_env(tmp_path)
    del env[name]

    result = run(env, "-c", "import django; django.setup()")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Set the {name} environment variable" in result.stderr
    assert not (tmp_path / "redis").exists()  # and started no embedded Redis on the way


def test_an_empty_url_counts_as_missing(tmp_path):
    result = run(production_env(tmp_path, REDIS_URL=""), "-c", "import django; django.setup()")

    assert result.returncode != 0
    assert "Set the REDIS_URL environment variable" in result.stderr


def test_production_starts_nothing_embedded_and_enforces_https(tmp_path):
    settings = production_settings(tmp_path)

    assert settings["EMBEDDED_REDIS_SOCKET"] is None
    assert not (tmp_path / "redis").exists()
    assert settings["DEBUG"] is False
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings["SECURE_HSTS_PRELOAD"] is False
    assert "security.W021" in settings["SILENCED_SYSTEM_CHECKS"]


def test_https_settings_are_overridable(tmp_path):
    settings = production_settings(
        tmp_path, SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", SECURE_HSTS_PRELOAD="1"
    )

    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SECURE_HSTS_SECONDS"] == 0
    assert settings["SECURE_HSTS_PRELOAD"] is True
    assert "security.W021" not in settings["SILENCED_SYSTEM_CHECKS"]


@pytest.mark.parametrize(
    ("variables", "trusted"),
    [
        ({}, False),  # no proxy declared: a client's X-Forwarded-Proto proves nothing
        ({"NUM_TRUSTED_PROXIES": "1"}, True),
        ({"TRUSTED_PROXY_SSL_HEADER": "1"}, True),
        ({"NUM_TRUSTED_PROXIES": "1", "TRUSTED_PROXY_SSL_HEADER": "0"}, False),
    ],
)
def test_proxy_ssl_header_is_trusted_only_behind_a_declared_proxy(tmp_path, variables, trusted):
    header = production_settings(tmp_path, **variables)["SECURE_PROXY_SSL_HEADER"]

    assert header == (["HTTP_X_FORWARDED_PROTO", "https"] if trusted else None)
