"""The Redis database of data the shop must not lose: carts, sessions, checkout keys, browsing
history (``REDIS_STORE_URL``; the cache lives elsewhere).

Unlike the cache, the store never fails soft: a write that cannot be made raises one of
``STORE_ERRORS``, and ``freshsite.middleware.StoreUnavailableMiddleware`` turns that into a clear
503 instead of a half-done request.
"""

from django_redis import get_redis_connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# What a store that is down, restarting or hung raises (BusyLoadingError, raised while Redis
# loads its data after a restart, is a ConnectionError).
STORE_ERRORS = (RedisConnectionError, RedisTimeoutError)


def store_redis():
    return get_redis_connection("store")
