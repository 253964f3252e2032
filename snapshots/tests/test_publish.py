"""Publishing: what a change rewrites is exactly the files whose bytes change."""

import shutil
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from catalog.tests.factories import SKUFactory, make_category, make_image
from home.tests.test_homepage import promotion, publish_home
from snapshots.services import (
    DIRTY_KEYS,
    DIRTY_LATER,
    snapshots_publish_all,
    snapshots_publish_dirty,
    snapshots_tick,
)
from snapshots.storage import SnapshotStorage, all_names

pytestmark = pytest.mark.django_db(transaction=True)


def stored(storage: SnapshotStorage) -> dict[str, bytes]:
    return {name: storage.read(name) for name in all_names(storage)}


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


@pytest.fixture
def shop(settings):
    settings.CATALOG_PAGE_SIZE = 2
    fruit, veg = make_category("新鲜水果", "fruit"), make_category("新鲜蔬菜", "veg")
    skus = [SKUFactory(category=fruit, name=f"草莓 {n}", stock=7 + n) for n in range(3)]
    skus.append(SKUFactory(category=veg, name="菠菜", stock=12))
    sibling = SKUFactory(category=fruit, spu=skus[0].spu, name="草莓 大盒", stock=5)
    image = make_image("banner")
    home = publish_home(banners=[{"image": image.pk, "sku": skus[0].pk, "caption": "草莓季"}])
    report = snapshots_publish_all()
    assert not report.failed_keys
    return {"fruit": fruit, "veg": veg, "skus": [*skus, sibling], "home": home}


def test_publishing_everything_writes_each_page_once(shop):
    storage = SnapshotStorage()
    names = all_names(storage)
    goods = {f"goods/{sku.pk}/index.html" for sku in shop["skus"]}

    assert {"index.html", "fruit/index.html", "veg/index.html"} <= names
    # 4 fruit goods at 2 a page: 2 pages in each of the 3 sorts
    assert {n for n in names if n.startswith("fruit/")} == {
        "fruit/index.html", "fruit/default-2.html", "fruit/price-1.html",
        "fruit/price-2.html", "fruit/hot-1.html", "fruit/hot-2.html",
    }  # fmt: skip
    assert goods <= names
    assert "草莓 大盒" in storage.read("fruit/index.html").decode()  # newest first
    assert snapshots_publish_all(only_missing=True).rendered == 0
    assert snapshots_publish_all().written == []  # nothing changed: nothing rewritten


def test_publishing_a_banner_rewrites_the_homepage_only(shop):
    storage = SnapshotStorage()
    before = stored(storage)

    home = shop["home"]
    home.banners = [
        {
            "type": "banner",
            "value": {"image": make_image("b2").pk, "sku": shop["skus"][1].pk, "caption": "新品"},
        }
    ]
    home.save_revision().publish()
    report = snapshots_publish_dirty()

    assert changed(before, stored(storage)) == {"index.html"}
    assert report.written == ["index.html"]
    assert "新品" in storage.read("index.html").decode()


def test_goods_off_the_shelf_leave_their_lists_and_their_pages(shop):
    storage = SnapshotStorage()
    before = stored(storage)
    gone = shop["skus"][:2]

    with transaction.atomic():  # a bulk edit: each page is published once, after the commit
        for sku in gone:
            sku.is_on_sale = False
            sku.save()
    report = snapshots_publish_dirty()

    after = stored(storage)
    assert changed(before, after) == set(report.written) | set(report.removed)
    assert len(report.written) == len(set(report.written))
    assert {f"goods/{sku.pk}/index.html" for sku in gone} <= set(report.removed)
    assert f"goods/{shop['skus'][-1].pk}/index.html" in report.written  # its sibling's specs
    assert "index.html" in report.written  # the banner of the first is hidden
    # 2 fruit goods left at 2 a page: each sort's second page goes
    assert {"fruit/default-2.html", "fruit/price-2.html", "fruit/hot-2.html"} <= set(report.removed)
    assert not any(name.startswith("veg/") for name in report.written)
    assert all(sku.name not in page.decode() for sku in gone for page in after.values())


def test_an_unpublished_category_page_takes_its_pages_with_it(shop):
    storage = SnapshotStorage()
    before = stored(storage)

    shop["veg"].unpublish()
    report = snapshots_publish_dirty()

    after = stored(storage)
    assert not any(name.startswith("veg/") for name in after)
    assert f"goods/{shop['skus'][3].pk}/index.html" not in after
    assert changed(before, after) == set(report.written) | set(report.removed)
    assert not any(name.startswith("fruit/") for name in report.written)


def test_a_promotion_window_opening_rewrites_the_homepage_at_the_next_tick(shop, wait_for):
    storage = SnapshotStorage()
    opens = timezone.now() + timedelta(seconds=3)
    publish_home(promotions=[promotion("鲜果节", starts=opens, ends=opens + timedelta(days=1))])
    snapshots_tick()  # the first tick also republishes the hot lists
    snapshots_publish_dirty()
    before = stored(storage)
    assert "鲜果节" not in before["index.html"].decode()
    assert snapshots_tick() == set()  # nothing starts or ends between two ticks before it opens

    wait_for(lambda: timezone.now() > opens)  # the pages render at the real time
    marked = snapshots_tick()
    report = snapshots_publish_dirty()

    assert marked == {"home"}
    assert changed(before, stored(storage)) == {"index.html"} == set(report.written)
    assert "鲜果节" in storage.read("index.html").decode()


def test_a_page_that_fails_stays_dirty_and_the_rest_is_published(shop, redis_flushed):
    storage = SnapshotStorage()
    shutil.rmtree(storage.path("veg"))
    storage.path("veg").write_bytes(b"")  # a file where the category's folder should be
    redis_flushed.sadd(DIRTY_KEYS, "home", f"list:{shop['veg'].pk}")

    report = snapshots_publish_dirty()

    assert report.failed_keys == {f"list:{shop['veg'].pk}"}
    assert redis_flushed.smembers(DIRTY_KEYS) == {f"list:{shop['veg'].pk}".encode()}


def test_published_files_hold_no_stock_figure_and_no_token(shop):
    stocks = [4817, 5923, 6071, 7369, 8243]
    for sku, stock in zip(shop["skus"], stocks, strict=True):
        sku.stock, sku.sales = stock, stock + 1
        sku.save()
    snapshots_publish_all()

    pages = stored(SnapshotStorage())
    assert len(pages) > 10
    for name, content in pages.items():
        text = content.decode()
        assert "csrfmiddlewaretoken" not in text, name
        assert "sessionid" not in text, name
        assert not [n for n in stocks if str(n) in text or str(n + 1) in text], name


def test_an_edits_own_page_goes_live_before_and_during_long_list_work(
    shop, settings, redis_flushed
):
    from django.test.signals import template_rendered

    settings.CATALOG_PAGE_SIZE = 1  # 4 fruit goods: 12 list pages to render
    fruit, first, late = shop["fruit"], shop["skus"][0], shop["skus"][3]
    redis_flushed.sadd(DIRTY_LATER, f"list:{fruit.pk}")
    redis_flushed.sadd(DIRTY_KEYS, f"goods:{first.pk}")
    lists_rendered = []

    def edit_arrives(sender, template, **kwargs):  # an editor saves while the lists render
        if template.name == "catalog/category_page.html":
            lists_rendered.append(template)
            if len(lists_rendered) == 2:
                redis_flushed.sadd(DIRTY_KEYS, f"goods:{late.pk}")

    template_rendered.connect(edit_arrives)
    try:
        SnapshotStorage().delete(f"goods/{late.pk}/index.html")
        SnapshotStorage().delete(f"goods/{first.pk}/index.html")
        written = snapshots_publish_dirty().written
    finally:
        template_rendered.disconnect(edit_arrives)

    order = {name: n for n, name in enumerate(written)}
    assert order[f"goods/{first.pk}/index.html"] == 0
    assert order[f"goods/{late.pk}/index.html"] < order["fruit/hot-4.html"]  # not after all 12
    assert not redis_flushed.scard(DIRTY_KEYS) and not redis_flushed.scard(DIRTY_LATER)


def test_a_spec_rename_rewrites_the_goods_pages_that_list_it(shop):
    from decimal import Decimal

    fruit, spu = shop["fruit"], shop["skus"][0].spu
    specs = [
        SKUFactory(category=fruit, spu=spu, name=f"草莓 {n} 盒", price=Decimal(10 + n))
        for n in range(15)
    ]  # with the fixture's two, 17 specs: each page lists the 12 cheapest others
    snapshots_publish_all()
    cheapest, dearest = specs[0], specs[-1]

    dearest.name = "草莓 礼盒"
    dearest.save()
    dear_report = snapshots_publish_dirty()
    cheapest.name = "草莓 尝鲜装"
    cheapest.save()
    cheap_report = snapshots_publish_dirty()

    def goods_written(report):
        return {n for n in report.written if n.startswith("goods/") and "fragments" not in n}

    assert goods_written(dear_report) == {f"goods/{dearest.pk}/index.html"}
    assert len(goods_written(cheap_report)) == 17  # its own and every other spec's page
