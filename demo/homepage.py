"""The homepage's shop window in the demo: banners, promotions and floors, as stream data."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from wagtail.images.models import AbstractImage

from catalog.models import CategoryPage, GoodsSKU
from home.models import HomePage

from . import pictures
from .catalog_text import CATEGORIES, ProductSpec
from .images import DemoImages, image_filename
from .report import SeedReport

# fmt: off
# The homepage's carousel: (category slug, SKU name, caption, subtitle, subtitle in English).
BANNERS: tuple[tuple[str, str, str, str, str], ...] = (
    ("fruit", "草莓 500g", "当季草莓 香甜多汁", "丹东九九草莓 产地直发", "Strawberries in season"),
    ("seafood", "大闸蟹 4只装", "阳澄湖大闸蟹 鲜活到家", "膏满黄肥 顺丰冷链", "Hairy crabs, alive"),
    ("meat", "澳洲牛排 200g", "澳洲谷饲牛排 限时直降", "大理石花纹 鲜嫩多汁", "Ribeye steak sale"),
    ("frozen", "三鲜水饺 500g", "手工水饺 家的味道", "皮薄馅大 十分钟上桌", "Dumplings like home"),
)
# fmt: on


@dataclass(frozen=True)
class PromotionSpec:
    name: str
    english: str
    tagline: str
    colour: str
    shape: str
    category: str = ""  # the slug of the category page it links to, if any
    link_url: str = ""  # a site path, not a URL: the demo runs on whatever address serves it
    starts_in_days: int = 0  # from today's midnight
    lasts_days: int | None = None  # None: runs until an editor ends it


PROMOTIONS: tuple[PromotionSpec, ...] = (
    PromotionSpec(
        "鲜果节 满99减20",
        "Fruit Festival",
        "即日起 全场鲜果",
        "#ef6c00",
        "circle",
        category="fruit",
    ),
    PromotionSpec(
        "肉食狂欢 爆款直降",
        "Meat Sale",
        "人气好肉 按销量排",
        "#b71c1c",
        "steak",
        link_url="/meat/?sort=hot",
    ),
    PromotionSpec(
        "海鲜节 预告",
        "Seafood Week",
        "下周开抢 敬请期待",
        "#1565c0",
        "crab",
        category="seafood",
        starts_in_days=7,
        lasts_days=14,
    ),
)


def _product_of(name: str) -> ProductSpec:
    for spec in CATEGORIES:
        for product in spec.products:
            if any(product.sku_name(sku) == name for sku in product.skus):
                return product
    raise KeyError(name)


def _item(block_type: str, value: dict) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def _list_items(values: Iterable[int]) -> list[dict]:
    return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]


def homepage_ensure(
    *,
    home: HomePage,
    categories: dict[str, CategoryPage],
    skus: dict[str, GoodsSKU],
    images: DemoImages,
    now: datetime,
    report: SeedReport,
) -> None:
    """Fill the homepage's banners, promotions and floors, each only when it is still empty."""
    home = HomePage.objects.get(pk=home.pk)
    filled = []
    if not home.banners:
        home.banners = _banners(skus=skus, images=images)
        filled.append("banners")
    if not home.promotions:
        home.promotions = _promotions(categories=categories, images=images, now=now)
        filled.append("promotions")
    if not home.floors:
        home.floors = _floors(categories=categories, skus=skus)
        filled.append("floors")
    if filled:
        home.save_revision().publish()
        report.home_sections_filled = filled


def _banners(*, skus: dict[str, GoodsSKU], images: DemoImages) -> list[dict]:
    banners = []
    for slug, sku_name, caption, subtitle, english in BANNERS:
        product = _product_of(sku_name)
        image = images.get(
            title=f"演示/轮播图/{caption}",
            filename=image_filename("banner", slug),
            draw=lambda product=product, caption=caption, subtitle=subtitle, english=english: (
                pictures.banner_picture(
                    caption=pictures.label_for(chinese=caption, english=english),
                    subtitle=pictures.label_for(chinese=subtitle, english=product.english),
                    colour=product.colour,
                    shape=product.shape,
                )
            ),
        )
        banners.append(
            _item("banner", {"sku": skus[sku_name].pk, "image": image.pk, "caption": caption})
        )
    return banners


def _promotions(
    *, categories: dict[str, CategoryPage], images: DemoImages, now: datetime
) -> list[dict]:
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return [
        _promotion(
            spec,
            page=categories[spec.category] if spec.category else None,
            image=_promotion_picture(spec, images=images),
            today=today,
        )
        for spec in PROMOTIONS
    ]


def _promotion_picture(spec: PromotionSpec, *, images: DemoImages) -> AbstractImage:
    return images.get(
        title=f"演示/促销/{spec.name}",
        filename=image_filename("promotion", spec.english),
        draw=lambda: pictures.promotion_picture(
            name=pictures.label_for(chinese=spec.name, english=spec.english),
            tagline=pictures.label_for(chinese=spec.tagline, english="Daily Fresh"),
            colour=spec.colour,
            shape=spec.shape,
        ),
    )


def _promotion(
    spec: PromotionSpec, *, page: CategoryPage | None, image: AbstractImage, today: datetime
) -> dict:
    starts_at = today + timedelta(days=spec.starts_in_days)
    ends_at = None if spec.lasts_days is None else starts_at + timedelta(days=spec.lasts_days)
    return _item(
        "promotion",
        {
            "name": spec.name,
            "page": page.pk if page else None,
            "link_url": spec.link_url,
            "image": image.pk,
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat() if ends_at else None,
        },
    )


def _floors(*, categories: dict[str, CategoryPage], skus: dict[str, GoodsSKU]) -> list[dict]:
    floors = []
    for spec in CATEGORIES:
        on_shelf = [
            skus[product.sku_name(sku)] for product in spec.products for sku in product.skus
        ]
        on_shelf = [sku for sku in on_shelf if sku.is_on_sale]
        # one picture per product first, so the floor shows four different things
        first_specs, other_specs, seen = [], [], set()
        for sku in on_shelf:
            (other_specs if sku.spu_id in seen else first_specs).append(sku)
            seen.add(sku.spu_id)
        image_goods = (first_specs + other_specs)[:4]
        text_goods = [sku for sku in on_shelf if sku not in image_goods]
        text_goods = (text_goods + image_goods)[: max(4, min(6, len(text_goods)))]
        floors.append(
            _item(
                "floor",
                {
                    "category": categories[spec.slug].pk,
                    "image_goods": _list_items(sku.pk for sku in image_goods),
                    "text_goods": _list_items(sku.pk for sku in text_goods),
                },
            )
        )
    return floors
