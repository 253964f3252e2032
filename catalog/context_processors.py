from django.core.cache import cache

from . import selectors

NAV_CACHE_KEY = "catalog:category-nav"
NAV_CACHE_SECONDS = 600


def category_nav(request) -> dict:
    """The category navigation on every page: live category pages, cached until one changes."""
    nav = cache.get(NAV_CACHE_KEY)
    if nav is None:
        nav = [{"title": page.title, "url": page.url} for page in selectors.category_nav()]
        cache.set(NAV_CACHE_KEY, nav, NAV_CACHE_SECONDS)
    return {"category_nav": nav}
