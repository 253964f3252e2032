"""The shop runs on real components: the ones configured, never silently others."""

import os

import pytest
from django.conf import settings
from django.db import connection
from django_redis import get_redis_connection

from freshsite.celery import app

EXPECT_SERVICES = os.environ.get("EXPECT_SERVICES") == "1"


@pytest.mark.django_db
def test_database_is_the_configured_one():
    expected = "mysql" if EXPECT_SERVICES else "sqlite"
    assert connection.vendor == expected
    if connection.vendor == "mysql":
        # MariaDB before 11.1 and MySQL before 8 call it tx_isolation.
        variable = "tx_isolation" if connection.mysql_is_mariadb else "transaction_isolation"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT @@{variable}, @@character_set_connection")
            isolation, charset = cursor.fetchone()
        assert isolation == "READ-COMMITTED"
        assert charset == "utf8mb4"


@pytest.mark.parametrize("alias", ["default", "store"])
def test_redis_answers_and_is_the_configured_one(alias):
    redis = get_redis_connection(alias)
    assert redis.ping()
    kwargs = redis.connection_pool.connection_kwargs
    if EXPECT_SERVICES:
        assert kwargs.get("host") == "127.0.0.1" and kwargs.get("port") == 6379
    else:
        assert kwargs.get("path") == str(settings.EMBEDDED_REDIS_SOCKET)


@pytest.mark.django_db
def test_clearing_the_cache_keeps_carts_and_sessions(client):
    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    from shop import redis_cart

    user = get_user_model().objects.create_user("keeper", password="Keeper-pass-2026")
    client.force_login(user)
    key = redis_cart.user_cart_key(user.pk)
    redis_cart.keep(key=key, sku_id=7, count=3)

    cache.clear()

    assert redis_cart.items(key) == {7: 3}
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_celery_broker_answers():
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=2)
        assert conn.connected


def test_production_settings_refuse_to_start_without_a_secret_key():
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "freshsite.settings.production"
    env["ALLOWED_HOSTS"] = "shop.example"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
