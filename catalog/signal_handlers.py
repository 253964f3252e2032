from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from .context_processors import NAV_CACHE_KEY
from .models import CategoryPage, GoodsImage, GoodsSKU, GoodsSPU
from .versioning import catalog_version_bump


def forget_category_nav(sender, **kwargs) -> None:
    cache.delete(NAV_CACHE_KEY)


def bump_catalog_version(sender, **kwargs) -> None:
    """Every cached catalog fragment is keyed by this version, so all go stale at once."""
    catalog_version_bump()


def category_changed(sender, **kwargs) -> None:
    forget_category_nav(sender)
    bump_catalog_version(sender)


def connect() -> None:
    for signal in (page_published, page_unpublished):
        signal.connect(category_changed, sender=CategoryPage, dispatch_uid=f"cat-{signal!r}")
    post_page_move.connect(category_changed, dispatch_uid="catalog-page-move")
    # the homepage's banners, promotions and floors are cached with the catalog too
    page_published.connect(bump_catalog_version, dispatch_uid="catalog-any-page-published")
    page_unpublished.connect(bump_catalog_version, dispatch_uid="catalog-any-page-unpublished")
    for signal in (post_save, post_delete):
        signal.connect(category_changed, sender=CategoryPage, dispatch_uid=f"cat-page-{signal!r}")
        for model in (GoodsSKU, GoodsSPU, GoodsImage):
            signal.connect(
                bump_catalog_version,
                sender=model,
                dispatch_uid=f"catalog-{model.__name__}-{signal!r}",
            )
