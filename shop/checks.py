"""System checks of the shop's set-up (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def store_apart_from_cache(app_configs, **kwargs):
    if settings.CACHES["store"]["LOCATION"] != settings.CACHES["default"]["LOCATION"]:
        return []
    return [
        Warning(
            "Carts and sessions share the cache's Redis database: clearing or evicting the "
            "cache would empty every cart and log every shopper out.",
            hint="Set REDIS_STORE_URL to another Redis database, without an eviction policy.",
            id="shop.W001",
        )
    ]
