"""The demo data's writes: categories, goods, the homepage's shop window, the bulk catalog.

Everything is keyed on stable names (page slugs, SPU and SKU names, image titles in the demo
collection), so running it again creates nothing new and leaves existing rows as they are: what
an editor changed in the admin stays changed. ``bulk_goods_ensure`` adds a large, cheap catalog
for benchmarks on top.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connections, transaction
from django.utils import timezone
from wagtail.images.models import AbstractImage

from catalog.models import CategoryPage, GoodsImage, GoodsSKU, GoodsSPU
from home.models import HomePage

from . import pictures
from .campaigns import campaign_ensure, promotion_campaign_link
from .catalog_text import CATEGORIES, ProductSpec, SkuSpec
from .goods_facts import CATEGORY_STORAGE, FACTS, STORAGE_TEXT
from .homepage import homepage_ensure
from .images import DemoImages, image_filename
from .report import SeedReport

BULK_SPU_PREFIX = "批量商品 "
BULK_BATCH_SIZE = 1000


# --- Categories ------------------------------------------------------------------------------
def categories_ensure(
    *, home: HomePage, images: DemoImages, report: SeedReport
) -> dict[str, CategoryPage]:
    """One live CategoryPage per ``CATEGORIES`` entry under the homepage, with logo and picture."""
    pages: dict[str, CategoryPage] = {}
    for spec in CATEGORIES:
        logo = images.get(
            title=f"演示/分类图标/{spec.title}",
            filename=image_filename("logo", spec.slug),
            draw=lambda spec=spec: pictures.logo_picture(
                glyph=pictures.label_for(chinese=spec.glyph, english=spec.glyph_en),
                colour=spec.colour,
            ),
        )
        picture = images.get(
            title=f"演示/楼层/{spec.title}",
            filename=image_filename("floor", spec.slug),
            draw=lambda spec=spec: pictures.floor_picture(
                title=pictures.label_for(chinese=spec.title, english=spec.english),
                slogan=pictures.label_for(chinese=spec.slogan, english=spec.slogan_en),
                colour=spec.colour,
                shape=spec.shape,
            ),
        )
        page = home.get_children().filter(slug=spec.slug).specific().first()
        storage = CATEGORY_STORAGE[spec.slug]
        if page is None:
            page = home.add_child(
                instance=CategoryPage(
                    title=spec.title, slug=spec.slug, logo=logo, picture=picture, storage=storage
                )
            )
            page.save_revision().publish()
            report.categories_created += 1
        elif not isinstance(page, CategoryPage):
            raise ValueError(f"/{spec.slug}/ exists and is not a category page")
        elif page.logo_id is None or page.picture_id is None or _storage_unset(page, storage):
            page.logo = page.logo or logo
            page.picture = page.picture or picture
            page.storage = storage if _storage_unset(page, storage) else page.storage
            page.save_revision().publish()
        pages[spec.slug] = page
    return pages


def _storage_unset(page: CategoryPage, storage: str) -> bool:
    """A category seeded before categories had a storage still has the field's default."""
    return page.storage == CategoryPage._meta.get_field("storage").default != storage


# --- Goods -----------------------------------------------------------------------------------
def spu_ensure(*, name: str, detail: str, report: SeedReport) -> GoodsSPU:
    spu = GoodsSPU.objects.filter(name=name).order_by("id").first()
    if spu is None:
        spu = GoodsSPU.objects.create(name=name, detail=detail)
        report.spus_created += 1
    return spu


def goods_ensure(
    *, categories: dict[str, CategoryPage], images: DemoImages, report: SeedReport
) -> dict[str, GoodsSKU]:
    """The hand-written goods of ``CATEGORIES``; returns every demo SKU by name."""
    existing = {
        (sku.category_id, sku.name): sku
        for sku in GoodsSKU.objects.filter(category__in=list(categories.values()))
    }
    skus: dict[str, GoodsSKU] = {}
    for spec in CATEGORIES:
        category = categories[spec.slug]
        for product in spec.products:
            facts = FACTS[product.name]
            detail = product.detail_html(
                storage=STORAGE_TEXT[facts.storage], shelf_life=facts.shelf_life
            )
            spu = spu_ensure(name=product.name, detail=detail, report=report)
            for sku_spec, weight in zip(product.skus, facts.weights, strict=True):
                name = product.sku_name(sku_spec)
                sku = existing.get((category.pk, name))
                if sku is not None and not sku.origin:  # seeded before goods had facts
                    _facts_fill(sku=sku, spu=spu, product=product, detail=detail, weight=weight)
                    report.facts_filled += 1
                if sku is None:
                    sku = _sku_create(
                        spu=spu,
                        category=category,
                        product=product,
                        sku_spec=sku_spec,
                        images=images,
                        weight=weight,
                    )
                    report.skus_created += 1
                    report.gallery_created += _gallery_create(
                        sku=sku, product=product, sku_spec=sku_spec, images=images
                    )
                skus[name] = sku
    return skus


def _goods_picture(
    *, images: DemoImages, product: ProductSpec, sku_spec: SkuSpec, view: int = 0
) -> AbstractImage:
    name, english = product.sku_name(sku_spec), product.sku_english(sku_spec)
    suffix = f"/{view + 1}" if view else ""
    return images.get(
        title=f"演示/商品/{name}{suffix}",
        filename=image_filename("goods", english, str(view))
        if view
        else image_filename("goods", english),
        draw=lambda: pictures.goods_picture(
            label=pictures.label_for(chinese=name, english=english),
            colour=product.colour,
            shape=product.shape,
            badge="" if view else sku_spec.spec_en,
            view=view,
        ),
    )


def _facts_fill(
    *, sku: GoodsSKU, spu: GoodsSPU, product: ProductSpec, detail: str, weight: str
) -> None:
    """Give a SKU seeded before goods had facts its facts, and its texts as they are now (the
    old ones said 冷冻 of live seafood)."""
    facts = FACTS[product.name]
    GoodsSKU.objects.filter(pk=sku.pk).update(
        description=product.description,
        origin=product.origin,
        storage=facts.storage,
        shelf_life=facts.shelf_life,
        sold_by_weight=facts.sold_by_weight,
        net_weight=weight,
    )
    GoodsSPU.objects.filter(pk=spu.pk).update(detail=detail)
    sku.refresh_from_db()


def _sku_create(
    *,
    spu: GoodsSPU,
    category: CategoryPage,
    product: ProductSpec,
    sku_spec: SkuSpec,
    images: DemoImages,
    weight: str,
) -> GoodsSKU:
    facts = FACTS[product.name]
    sku = GoodsSKU(
        origin=product.origin,
        storage=facts.storage,
        shelf_life=facts.shelf_life,
        sold_by_weight=facts.sold_by_weight,
        net_weight=weight,
        spu=spu,
        category=category,
        name=product.sku_name(sku_spec),
        description=product.description,
        price=Decimal(sku_spec.price),
        unit=sku_spec.unit,
        stock=sku_spec.stock,
        sales=sku_spec.sales,
        image=_goods_picture(images=images, product=product, sku_spec=sku_spec),
        is_on_sale=sku_spec.on_sale,
    )
    sku.save()
    return sku


def _gallery_create(
    *, sku: GoodsSKU, product: ProductSpec, sku_spec: SkuSpec, images: DemoImages
) -> int:
    for view in range(1, sku_spec.gallery + 1):
        GoodsImage.objects.create(
            sku=sku,
            image=_goods_picture(images=images, product=product, sku_spec=sku_spec, view=view),
            sort_order=view,
        )
    return sku_spec.gallery


# --- Bulk catalog ----------------------------------------------------------------------------
def bulk_goods_ensure(
    *,
    total: int,
    categories: dict[str, CategoryPage],
    images: DemoImages,
    now: datetime,
    report: SeedReport,
) -> None:
    """Top the bulk catalog up to ``total`` SKUs (never removes any), spread over the categories.

    Bulk SKUs belong to one "批量商品 <category>" SPU per category and share a pool of pictures
    (one per kind of goods); prices, sales and creation times vary so every sort means something.
    """
    spus = {
        spec.slug: spu_ensure(
            name=f"{BULK_SPU_PREFIX}{spec.title}",
            detail="<p>压测用的批量演示商品。</p>",
            report=report,
        )
        for spec in CATEGORIES
    }
    spu_ids = [spu.pk for spu in spus.values()]
    existing = GoodsSKU.objects.filter(spu_id__in=spu_ids).count()
    report.bulk_total = max(existing, total)
    if existing >= total:
        return
    pool = {
        (spec.slug, word.name): images.get(
            title=f"演示/批量/{word.name}",
            filename=image_filename("bulk", word.english),
            draw=lambda word=word: pictures.goods_picture(
                label=pictures.label_for(
                    chinese=f"大促 {word.name}", english=f"Sale {word.english}"
                ),
                colour=word.colour,
                shape=word.shape,
                badge="SALE",
            ),
        )
        for spec in CATEGORIES
        for word in spec.bulk_words
    }
    batch: list[tuple[GoodsSKU, datetime]] = []
    for number in range(existing + 1, total + 1):
        batch.append(_bulk_sku(number=number, spus=spus, categories=categories, pool=pool, now=now))
        if len(batch) == BULK_BATCH_SIZE:
            _bulk_insert(batch=batch, spu_ids=spu_ids)
            batch = []
    if batch:
        _bulk_insert(batch=batch, spu_ids=spu_ids)
    report.bulk_created = total - existing


def _bulk_sku(
    *,
    number: int,
    spus: dict[str, GoodsSPU],
    categories: dict[str, CategoryPage],
    pool: dict[tuple[str, str], AbstractImage],
    now: datetime,
) -> tuple[GoodsSKU, datetime]:
    spec = CATEGORIES[number % len(CATEGORIES)]
    word = spec.bulk_words[(number // len(CATEGORIES)) % len(spec.bulk_words)]
    rng = random.Random(number)  # the same numbers every run
    price = (Decimal(word.price) * Decimal(str(round(rng.uniform(0.4, 3.0), 2)))).quantize(
        Decimal("0.01")
    )
    sku = GoodsSKU(
        spu=spus[spec.slug],
        category=categories[spec.slug],
        name=f"大促 {word.name} #{number}",
        description=f"{spec.slogan}，{word.name}限时大促。",
        price=max(price, Decimal("0.50")),
        unit=rng.choice(word.units),
        stock=rng.randint(0, 2000),
        sales=min(int(rng.expovariate(1 / 400)), 99_999),
        image=pool[(spec.slug, word.name)],
        is_on_sale=rng.random() > 0.04,
        storage=CATEGORY_STORAGE[spec.slug],  # bulk_create does not save(): no default there
    )
    created_at = now - timedelta(seconds=rng.randint(0, 180 * 24 * 3600))
    return sku, created_at


def _bulk_insert(*, batch: list[tuple[GoodsSKU, datetime]], spu_ids: list[int]) -> None:
    skus = [sku for sku, _ in batch]
    GoodsSKU.objects.bulk_create(skus, batch_size=BULK_BATCH_SIZE)
    if any(sku.pk is None for sku in skus):  # backends that return no ids (MySQL)
        ids = dict(
            GoodsSKU.objects.filter(
                spu_id__in=spu_ids, name__in=[sku.name for sku in skus]
            ).values_list("name", "pk")
        )
        for sku in skus:
            sku.pk = ids[sku.name]
    _created_at_spread(batch=batch)


def _created_at_spread(*, batch: list[tuple[GoodsSKU, datetime]]) -> None:
    """Back-date the new rows: created_at is auto_now_add, which bulk_create sets to now.

    One prepared UPDATE run for every row (``bulk_update``'s CASE WHEN is several times slower).
    """
    connection = connections[GoodsSKU.objects.db]
    quote = connection.ops.quote_name
    table, column = GoodsSKU._meta.db_table, GoodsSKU._meta.get_field("created_at").column
    sql = f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote('id')} = %s"  # noqa: S608
    rows = []
    for sku, created_at in batch:
        sku.created_at = created_at
        rows.append((connection.ops.adapt_datetimefield_value(created_at), sku.pk))
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# --- Everything ------------------------------------------------------------------------------
@transaction.atomic
def demo_data_ensure(
    *, home: HomePage, bulk_goods: int = 0, now: datetime | None = None
) -> SeedReport:
    """The demo categories, goods, campaign and homepage (and ``bulk_goods`` bulk SKUs);
    idempotent."""
    now = now or timezone.now()
    report = SeedReport()
    images = DemoImages(report=report)
    categories = categories_ensure(home=home, images=images, report=report)
    skus = goods_ensure(categories=categories, images=images, report=report)
    campaign = campaign_ensure(categories=categories, skus=skus, now=now, report=report)
    homepage_ensure(
        home=home, categories=categories, skus=skus, images=images, now=now, report=report
    )
    if report.campaign_created:  # a homepage seeded before the campaign existed gets its link
        promotion_campaign_link(home=home, campaign=campaign)
    if bulk_goods:
        bulk_goods_ensure(
            total=bulk_goods, categories=categories, images=images, now=now, report=report
        )
    return report
