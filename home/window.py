"""The shop window: what the homepage shows of its blocks, read from their stored data.

Wagtail turns a StreamField into block values one field and one chooser at a time: seven
queries for the homepage's SKUs, images, categories and pages, and a model instance for every
image and SKU an editor chose, shown or not — 15 of the homepage's 40 ms. This reads the
blocks' stored ids and loads what a shopper sees in four queries however many blocks: the
goods (the fields a card shows), the live categories, the promotions' pages and every
picture's rendition; and one each for the sale prices of the moment and the campaigns tiles
point at. Everything is shown as at ``pricing_now()`` (an editor's preview of a future moment
sets it: ``home.admin_views``). The values are the blocks' own (StructValues), so the block
templates render them as they render Wagtail's.
"""

from __future__ import annotations

from django.db.models import Prefetch
from wagtail.models import Page

from catalog.models import CategoryPage, GoodsSKU
from catalog.pricing import skus_priced
from catalog.renditions import CARD_RENDITION, pictures_load
from marketing.clock import pricing_now
from marketing.models import Campaign, Coupon

from .blocks import BANNER_RENDITION, FLOOR_PICTURE_RENDITION, PROMOTION_RENDITION

CARD_FIELDS = ("id", "name", "price", "unit", "is_on_sale", "image", "category")


def stored_values(stream, block_type: str) -> list[dict]:
    """The stored values of a StreamField's blocks of one type, in stream order."""
    return [item["value"] for item in stream.raw_data if item["type"] == block_type]


def _ids(items) -> list:
    """A ListBlock's stored ids: items ``{"type": "item", "value": id}``, or bare ids as an
    older ListBlock stored them."""
    return [item["value"] if isinstance(item, dict) else item for item in items or ()]


def struct_value(block, stored: dict, **chosen):
    """``block.to_python(stored)`` with the chooser children's values given (loaded in bulk)."""
    items = []
    for name, child in block.child_blocks.items():
        if name in chosen:
            items.append((name, chosen[name]))
        elif name in stored:
            items.append((name, child.to_python(stored[name])))
        else:
            items.append((name, child.get_default()))
    return block.meta.value_class(block, items)


def promotions_scheduled(page) -> list[tuple[dict, object]]:
    """Each promotion's stored value and block value, its page, image and campaign not loaded
    (None): enough for its own window (``is_running``), without a query."""
    block = page.promotions.stream_block.child_blocks["promotion"]
    return [
        (stored, struct_value(block, stored, page=None, image=None, campaign=None))
        for stored in stored_values(page.promotions, "promotion")
    ]


def campaigns_of(promotions) -> dict[int, Campaign]:
    """The campaigns these promotions (stored values) point at, in one query (none without)."""
    ids = {stored["campaign"] for stored in promotions if stored.get("campaign")}
    if not ids:
        return {}
    # a tile offers its campaign's claimable coupons (one more query, only with such tiles)
    claimable = Prefetch(
        "coupons",
        queryset=Coupon.objects.filter(claimable=True).order_by("sort_order", "id"),
        to_attr="claimable_coupons",
    )
    return Campaign.objects.prefetch_related(claimable).in_bulk(ids)


def promotions_running(page, now) -> list[tuple[dict, object]]:
    """The promotions shown at ``now``: inside their own window and, for a tile pointing at a
    campaign, while that campaign is live and running (a deleted one hides its tile)."""
    promotions = [(s, v) for s, v in promotions_scheduled(page) if v.is_running(now)]
    campaigns = campaigns_of([stored for stored, _ in promotions])
    running = []
    for stored, promotion in promotions:
        if stored.get("campaign"):
            campaign = campaigns.get(stored["campaign"])
            if campaign is None or not campaign.is_running(now):
                continue
            promotion["campaign"] = campaign
        running.append((stored, promotion))
    return running


def _on_shelf(skus: dict, sku_id):
    sku = skus.get(sku_id)
    return sku if sku is not None and sku.is_on_sale else None


def _floors(stored_floors: list[dict], skus: dict) -> list[dict]:
    """Floors whose category page is live, with only on-shelf goods, each goods once."""
    categories = CategoryPage.objects.live().in_bulk([f.get("category") for f in stored_floors])
    floors = []
    for stored in stored_floors:
        category = categories.get(stored.get("category"))
        if category is None:
            continue
        goods = {
            key: [sku for sku_id in _ids(stored.get(key)) if (sku := _on_shelf(skus, sku_id))]
            for key in ("image_goods", "text_goods")
        }
        # a goods shown with its picture is not listed again in the floor's text links
        pictured = {sku.pk for sku in goods["image_goods"]}
        goods["text_goods"] = [sku for sku in goods["text_goods"] if sku.pk not in pictured]
        floors.append({"category": category, **goods})
    return floors


def shop_window(page, now=None) -> dict[str, list]:
    """The banners (on-shelf goods, with a picture), running promotions and live floors of the
    homepage ``page``, in stream order, with their pictures' renditions and the goods' prices,
    as at ``now`` (default ``pricing_now()``)."""
    now = now or pricing_now()
    stored_banners = stored_values(page.banners, "banner")
    promotions = promotions_running(page, now)
    stored_floors = stored_values(page.floors, "floor")

    sku_ids = [stored.get("sku") for stored in stored_banners]
    for stored in stored_floors:
        sku_ids += _ids(stored.get("image_goods")) + _ids(stored.get("text_goods"))
    skus = GoodsSKU.objects.only(*CARD_FIELDS).in_bulk(sku_ids)
    skus_priced(skus.values(), at=now)
    banners = [(s, sku) for s in stored_banners if (sku := _on_shelf(skus, s.get("sku")))]
    floors = _floors(stored_floors, skus)
    pages = Page.objects.in_bulk([s["page"] for s, _ in promotions if s.get("page")])

    pictures = pictures_load(
        [(stored.get("image"), BANNER_RENDITION) for stored, _ in banners]
        + [(stored.get("image"), PROMOTION_RENDITION) for stored, _ in promotions]
        + [(floor["category"].picture_id, FLOOR_PICTURE_RENDITION) for floor in floors]
        + [(sku.image_id, CARD_RENDITION) for floor in floors for sku in floor["image_goods"]]
    )
    for floor in floors:
        floor["category"].picture = pictures.get(floor["category"].picture_id)
        for sku in floor["image_goods"]:
            if sku.image_id in pictures:
                sku.image = pictures[sku.image_id]
    for stored, promotion in promotions:
        promotion["page"] = pages.get(stored.get("page"))
        promotion["image"] = pictures.get(stored.get("image"))
    banner_block = page.banners.stream_block.child_blocks["banner"]
    return {
        "banners": [
            struct_value(banner_block, stored, sku=sku, image=pictures[stored["image"]])
            for stored, sku in banners
            if stored.get("image") in pictures
        ],
        "promotions": [promotion for _, promotion in promotions],
        "floors": floors,
    }
