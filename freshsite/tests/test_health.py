"""``GET /healthz``: database, store and broker, each named when it fails (contract)."""

import copy

import pytest
from django.conf import settings
from django.test import override_settings

from .own_redis import OwnRedis

pytestmark = pytest.mark.django_db


@pytest.fixture
def stopped_redis():
    """A redis-server of the test's own, already stopped: its socket answers nothing."""
    server = OwnRedis()
    server.start()
    server.crash()
    yield server
    server.remove()


def test_all_parts_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"ok": True, "database": "ok", "store": "ok", "broker": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_head_is_answered_and_post_is_not(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_store_down_is_named(client, stopped_redis):
    caches = copy.deepcopy(settings.CACHES)
    caches["store"]["LOCATION"] = stopped_redis.url(2)
    with override_settings(CACHES=caches):
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False and body["error"] == "unhealthy"
    assert (body["database"], body["store"], body["broker"]) == ("ok", "error", "ok")
    assert "store" in body["message"]
    assert response["Cache-Control"] == "no-store"


def test_broker_down_is_named(client, stopped_redis):
    with override_settings(CELERY_BROKER_URL=stopped_redis.broker_url):
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert (body["database"], body["store"], body["broker"]) == ("ok", "ok", "error")
    assert "broker" in body["message"]


def test_broker_refusing_connections_on_amqp_is_named(client):
    # nothing listens on this loopback port: the amqp transport fails as fast as Redis's
    with override_settings(CELERY_BROKER_URL="amqp://guest:guest@127.0.0.1:18099//"):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["broker"] == "error"


def test_a_load_balancer_asks_over_plain_http_even_with_the_https_redirect_on(tmp_path):
    from .test_production_settings import production_env, run

    probe = (
        "import django; django.setup(); from django.test import Client; "
        "c = Client(HTTP_HOST='shop.example'); "
        "print(c.get('/accounts/login/').status_code, c.get('/healthz').status_code)"
    )
    result = run(production_env(tmp_path), "-c", probe)

    assert result.returncode == 0, result.stderr
    # the login page is sent to HTTPS; /healthz answers (503 here: no services to ask)
    login, health = result.stdout.split()[-2:]
    assert login == "301" and health in ("200", "503")
