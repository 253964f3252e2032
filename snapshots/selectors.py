"""Reads of what is published: which pages exist now, and where their files go."""

from __future__ import annotations

import math

from django.conf import settings
from django.db.models import Q

from catalog.models import LIST_SORTS, CategoryPage, GoodsSKU
from home.models import HomePage

from .addresses import page_file

NAV_FRAGMENT = "/goods/fragments/nav.html"


def newest_fragment(category_id: int) -> str:
    return f"/goods/fragments/newest-{category_id}.html"


def goods_path(sku_id: int) -> str:
    return f"/goods/{sku_id}/"


def homepage_published() -> HomePage | None:
    """The site's homepage when shoppers may see it: live, with no view restriction."""
    return HomePage.objects.live().public().first()


def categories_published() -> list[CategoryPage]:
    """Live category pages without view restrictions (their own or inherited)."""
    return list(CategoryPage.objects.live().public().order_by("path"))


def category_published(category_id: int) -> CategoryPage | None:
    return CategoryPage.objects.live().public().filter(pk=category_id).first()


def category_path(category: CategoryPage) -> str | None:
    """The page's path on the site (``/fruit/``), or None when no site serves it."""
    parts = category.get_url_parts()
    return parts[2] if parts else None


def category_list_files(category: CategoryPage, path: str) -> dict[str, tuple[str, dict]]:
    """Every list page of the category, each sort and page: file name → (path, query)."""
    count = GoodsSKU.objects.on_shelf().filter(category=category).count()
    pages = max(1, math.ceil(count / settings.CATALOG_PAGE_SIZE))
    files = {}
    for sort in LIST_SORTS:
        for number in range(1, pages + 1):
            query = {} if (sort, number) == ("default", 1) else {"sort": sort, "page": number}
            files[page_file(path, sort=sort, page=number)] = (path, query)
    return files


def goods_published_ids(*, category_ids: list[int] | None = None) -> list[int]:
    """On-shelf SKUs whose category shoppers may see: these have a published detail page."""
    public = CategoryPage.objects.live().public().values("pk")
    goods = GoodsSKU.objects.on_shelf().filter(category_id__in=public)
    if category_ids is not None:
        goods = goods.filter(category_id__in=category_ids)
    return list(goods.values_list("pk", flat=True))


def goods_is_published(sku_id: int) -> bool:
    public = CategoryPage.objects.live().public().values("pk")
    return GoodsSKU.objects.on_shelf().filter(pk=sku_id, category_id__in=public).exists()


# A goods page lists its product's 12 cheapest other specs (catalog.selectors.sku_siblings).
SPECS_LISTED = 12


def goods_ids_listing_spec(*, spu_id: int, sku_id: int, price) -> list[int]:
    """The goods pages whose spec list shows this SKU at ``price``: the other specs of its
    product, when it is among the cheapest (otherwise no page lists it)."""
    specs = GoodsSKU.objects.on_shelf().filter(spu_id=spu_id)
    cheaper = specs.filter(Q(price__lt=price) | Q(price=price, pk__lt=sku_id)).count()
    if cheaper > SPECS_LISTED:
        return []
    return list(specs.exclude(pk=sku_id).values_list("pk", flat=True))


def goods_ids_of_product(spu_ids: list[int]) -> list[int]:
    return list(GoodsSKU.objects.filter(spu_id__in=spu_ids).values_list("pk", flat=True))


def goods_ids_of_categories(category_ids: list[int]) -> list[int]:
    return list(GoodsSKU.objects.filter(category_id__in=category_ids).values_list("pk", flat=True))


def goods_showing_image(image_id: int) -> tuple[list[int], list[int]]:
    """The SKUs a picture shows on (main picture or gallery), and their categories."""
    rows = GoodsSKU.objects.filter(
        Q(image_id=image_id) | Q(gallery__image_id=image_id)
    ).values_list("pk", "category_id")
    rows = set(rows)
    return [pk for pk, _ in rows], sorted({category for _, category in rows})
