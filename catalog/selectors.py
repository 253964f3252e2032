"""Reads of the catalog: what shoppers see is always on the shelf."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from marketing.selectors import campaign_goods_scope

from .models import CategoryPage, GoodsImage, GoodsSKU
from .pricing import skus_priced
from .renditions import DETAIL_RENDITION, THUMB_RENDITION, pictures_load


def sku_card_queryset(*, on_shelf_only: bool = True, renditions: bool = True) -> QuerySet[GoodsSKU]:
    """SKUs with what a goods card shows (picture rendition included, unless the caller loads
    the renditions itself: ``pictures_load``); on the shelf only, unless an editor's view
    needs every SKU it refers to."""
    skus = GoodsSKU.objects.on_shelf() if on_shelf_only else GoodsSKU.objects.all()
    return skus.with_card_picture() if renditions else skus.select_related("image")


def sku_detail(*, sku_id: int) -> GoodsSKU:
    """The on-shelf SKU with its product, category and pictures; raises DoesNotExist.

    Three queries: the SKU (joined to its product and category), its gallery, and the
    renditions of every picture the page shows joined to their images (``pictures_load``)."""
    gallery = GoodsImage.objects.order_by("sort_order", "id")
    sku = (
        GoodsSKU.objects.on_shelf()
        .select_related("spu", "category")
        .prefetch_related(Prefetch("gallery", queryset=gallery))
        .get(pk=sku_id)
    )
    pictures = pictures_load(
        [(sku.image_id, DETAIL_RENDITION), (sku.image_id, THUMB_RENDITION)]
        + [(picture.image_id, THUMB_RENDITION) for picture in sku.gallery.all()]
    )
    for owner in (sku, *sku.gallery.all()):
        if owner.image_id in pictures:  # else it loads itself, as before
            owner.image = pictures[owner.image_id]
    return sku


def sku_siblings(*, sku: GoodsSKU, limit: int = 12) -> list[GoodsSKU]:
    """The other on-shelf specs of the same product (for switching between specs)."""
    return list(
        GoodsSKU.objects.on_shelf()
        .filter(spu_id=sku.spu_id)
        .exclude(pk=sku.pk)
        .order_by("price", "id")
        .only("id", "name", "price", "unit", "category")[:limit]
    )


def skus_in_order(*, sku_ids: list[int]) -> list[GoodsSKU]:
    """On-shelf SKUs for these ids, in the order given (ids no longer on sale drop out), priced
    (search results, the browsing history)."""
    if not sku_ids:
        return []
    found = sku_card_queryset().in_bulk(sku_ids)
    return skus_priced([found[sku_id] for sku_id in sku_ids if sku_id in found])


def category_nav() -> list[CategoryPage]:
    return list(CategoryPage.objects.live().public().order_by("path"))


def category_index() -> list[CategoryPage]:
    """Every category shoppers may see, in the nav's order, with its goods on the shelf
    counted (``goods_count``): the page "全部商品分类" links to."""
    on_shelf = Count("skus", filter=Q(skus__is_on_sale=True))
    return list(
        CategoryPage.objects.live().public().order_by("path").annotate(goods_count=on_shelf)
    )


def sku_is_on_shelf(*, sku_id: int) -> bool:
    return GoodsSKU.objects.on_shelf().filter(pk=sku_id).exists()


def campaign_goods(*, campaign_id: int) -> QuerySet[GoodsSKU]:
    """The on-shelf goods a campaign's sale prices name (its SKUs and its categories' goods),
    with their card pictures, newest first; none for a campaign of coupons or 满减 only."""
    sku_ids, category_ids = campaign_goods_scope(campaign_id)
    if not sku_ids and not category_ids:
        return GoodsSKU.objects.none()
    named = Q(pk__in=sku_ids) | Q(category_id__in=category_ids)
    return sku_card_queryset().filter(named).sorted_by("default")
