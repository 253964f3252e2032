"""The deploy check shop.W001: the store must not share the cache's Redis instance."""

import pytest
from django.conf import settings
from django.core.checks import Tags, run_checks
from django.test import override_settings


def _w001_with(*, cache: str | list[str], store: str | list[str]) -> list:
    caches = {
        "default": {**settings.CACHES["default"], "LOCATION": cache},
        "store": {**settings.CACHES["store"], "LOCATION": store},
    }
    with override_settings(CACHES=caches):
        found = run_checks(tags=[Tags.caches], include_deployment_checks=True)
    return [message for message in found if message.id == "shop.W001"]


@pytest.mark.parametrize(
    ("cache", "store"),
    [
        ("redis://10.0.0.5:6379/0", "redis://10.0.0.5:6379/2"),
        ("redis://cache.internal/0", "redis://CACHE.internal:6379/3"),
        ("unix:///run/redis/redis.sock?db=0", "unix:///run/redis/redis.sock?db=2"),
        ("redis://10.0.0.5:6379/1", ["redis://10.0.0.5:6379/2", "redis://10.0.0.6:6379/2"]),
        ("redis://10.0.0.5:6379/1", "redis://10.0.0.5:6379/1"),
    ],
)
def test_a_store_on_the_caches_instance_is_warned_about_whatever_its_database(cache, store):
    assert len(_w001_with(cache=cache, store=store)) == 1


@pytest.mark.parametrize(
    ("cache", "store"),
    [
        ("redis://10.0.0.5:6379/0", "redis://10.0.0.5:6380/0"),
        ("redis://cache.internal:6379/0", "redis://store.internal:6379/0"),
        ("unix:///run/redis/cache.sock?db=0", "unix:///run/redis/store.sock?db=0"),
        ("redis://10.0.0.5:6379/0", "unix:///run/redis/store.sock"),
    ],
)
def test_a_store_on_an_instance_of_its_own_passes(cache, store):
    assert _w001_with(cache=cache, store=store) == []


def test_a_bad_alipay_key_stops_the_check(settings):
    from shop.checks import alipay_keys_load

    settings.ALIPAY_APP_ID = "2021000000000042"
    settings.ALIPAY_PRIVATE_KEY = "not a key"
    settings.ALIPAY_PUBLIC_KEY = "not a key either"
    assert [error.id for error in alipay_keys_load(None)] == ["shop.E003"]
    settings.ALIPAY_APP_ID = ""
    assert alipay_keys_load(None) == []
