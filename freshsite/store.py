"""The Redis database of data the shop must not lose: carts, sessions, checkout keys, browsing
history, login-failure counters (``REDIS_STORE_URL``; the cache lives elsewhere)."""

from django_redis import get_redis_connection


def store_redis():
    return get_redis_connection("store")
