"""System checks of the shop's set-up (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from redis.connection import parse_url


def redis_instance(location: str | list[str]) -> tuple:
    """The Redis server a cache ``LOCATION`` points at, whatever its database number.

    django-redis takes one URL, several separated by commas or a list; the first is the one
    written to.
    """
    url = (location[0] if isinstance(location, list | tuple) else location.split(",")[0]).strip()
    try:
        parts = parse_url(url)
    except ValueError:  # not a URL redis-py knows: only the same text is the same server
        return ("other", url)
    if "path" in parts:
        return ("unix", parts["path"])
    return ("tcp", parts.get("host", "localhost").lower(), parts.get("port", 6379))


@register(Tags.caches, deploy=True)
def store_apart_from_cache(app_configs, **kwargs):
    # Persistence and eviction are settings of a Redis instance: another database number of
    # the cache's server is evicted and (not) saved with it.
    store, cache = settings.CACHES["store"]["LOCATION"], settings.CACHES["default"]["LOCATION"]
    if redis_instance(store) != redis_instance(cache):
        return []
    return [
        Warning(
            "Carts and sessions live on the cache's Redis instance, whatever the database "
            "number: they share its eviction policy and its persistence, so a cache that evicts "
            "or keeps nothing on disk can empty every cart and log every shopper out.",
            hint="Point REDIS_STORE_URL at a Redis instance of its own (another host or port) "
            "with persistence on (RDB + appendfsync everysec) and maxmemory-policy noeviction.",
            id="shop.W001",
        )
    ]


@register()
def stock_strategy_known(app_configs, **kwargs):
    from django.core.checks import Error

    from .locks import STOCK_STRATEGIES

    if settings.ORDER_STOCK_STRATEGY in STOCK_STRATEGIES:
        return []
    return [
        Error(
            f"ORDER_STOCK_STRATEGY is {settings.ORDER_STOCK_STRATEGY!r}.",
            hint=f"Use one of {', '.join(STOCK_STRATEGIES)} (shop/locks.py).",
            id="shop.E002",
        )
    ]


@register()
def alipay_keys_load(app_configs, **kwargs):
    """Alipay's keys are read when it is configured, so a bad key stops the start-up (and
    ``manage.py check``), not the first shopper who pays."""
    from django.core.checks import Error
    from django.core.exceptions import ImproperlyConfigured

    from .gateways import alipay_configured, gateway_for

    if not alipay_configured():
        return []
    try:
        gateway_for("alipay")
    except ImproperlyConfigured as error:
        return [Error(str(error), hint="See the README: Alipay.", id="shop.E003")]
    return []
