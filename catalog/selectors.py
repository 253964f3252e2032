"""Reads of the catalog: what shoppers see is always on the shelf."""

from __future__ import annotations

from django.core.cache import cache
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from wagtail.images import get_image_model

from freshsite.paging import page_get

from .models import LIST_SORTS, CategoryPage, GoodsImage, GoodsSKU

CARD_RENDITION = "fill-300x300"
DETAIL_RENDITION = "fill-600x600"
THUMB_RENDITION = "fill-100x100"

CATALOG_VERSION_KEY = "catalog:version"


def with_renditions(queryset: QuerySet, image_field: str, *specs: str) -> QuerySet:
    """Join ``image_field`` and prefetch its renditions: two queries however many rows."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
    return queryset.select_related(image_field).prefetch_related(
        Prefetch(f"{image_field}__renditions", queryset=renditions, to_attr="prefetched_renditions")
    )


def catalog_version() -> int:
    """Bumped by every goods or category change; part of every catalog cache key."""
    version = cache.get(CATALOG_VERSION_KEY)
    if version is None:
        cache.add(CATALOG_VERSION_KEY, 1, timeout=None)
        version = cache.get(CATALOG_VERSION_KEY, 1)
    return version


def sku_card_queryset(*, on_shelf_only: bool = True) -> QuerySet[GoodsSKU]:
    """SKUs with what a goods card shows (picture rendition included); on the shelf only,
    unless an editor's view needs every SKU it refers to."""
    skus = GoodsSKU.objects.on_shelf() if on_shelf_only else GoodsSKU.objects.all()
    return with_renditions(skus, "image", CARD_RENDITION)


def normalise_sort(sort: str | None) -> str:
    return sort if sort in LIST_SORTS else "default"


def sku_list_page(
    *, category: CategoryPage, sort: str, page_number: str | None, per_page: int
) -> PaginatorPage:
    """One page of the category's goods; a page past the end gives the last, junk the first.

    The page's goods are a lazy queryset: a template that finds its fragment cached never
    runs it.
    """
    queryset = sku_card_queryset().filter(category=category).sorted_by(normalise_sort(sort))
    return page_get(Paginator(queryset, per_page), page_number)


def sku_newest(*, category_id: int, limit: int = 2) -> QuerySet[GoodsSKU]:
    """The category's newest goods, lazily: the template caches what it renders of them (with
    the picture renditions that rendering made), and a cached fragment never runs this.
    """
    return sku_card_queryset().filter(category_id=category_id).sorted_by("default")[:limit]


def sku_detail(*, sku_id: int) -> GoodsSKU:
    """The on-shelf SKU with its product, category and pictures; raises DoesNotExist."""
    gallery = with_renditions(
        GoodsImage.objects.order_by("sort_order", "id"), "image", THUMB_RENDITION
    )
    return (
        with_renditions(GoodsSKU.objects.on_shelf(), "image", DETAIL_RENDITION, THUMB_RENDITION)
        .select_related("spu", "category")
        .prefetch_related(Prefetch("gallery", queryset=gallery))
        .get(pk=sku_id)
    )


def sku_siblings(*, sku: GoodsSKU, limit: int = 12) -> list[GoodsSKU]:
    """The other on-shelf specs of the same product (for switching between specs)."""
    return list(
        GoodsSKU.objects.on_shelf()
        .filter(spu_id=sku.spu_id)
        .exclude(pk=sku.pk)
        .order_by("price", "id")
        .only("id", "name", "price", "unit")[:limit]
    )


def skus_in_order(*, sku_ids: list[int]) -> list[GoodsSKU]:
    """On-shelf SKUs for these ids, in the order given (ids no longer on sale drop out)."""
    if not sku_ids:
        return []
    found = sku_card_queryset().in_bulk(sku_ids)
    return [found[sku_id] for sku_id in sku_ids if sku_id in found]


def category_nav() -> list[CategoryPage]:
    return list(CategoryPage.objects.live().public().order_by("path"))
