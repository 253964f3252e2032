"""`seed_demo`: the demo shop it builds, and that running it again changes nothing."""

import json
import os
import shutil
import subprocess
from io import BytesIO, StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from catalog.models import CategoryPage, GoodsImage, GoodsSKU, GoodsSPU
from demo import pictures
from demo.services import BULK_SPU_PREFIX
from home.models import HomePage
from marketing.models import Campaign, Coupon
from marketing.selectors import campaigns_running
from shop.models import DeliverySlot
from shop.slot_selectors import DEFAULT_SLOT_TIMES

CATEGORIES = {
    "fruit": "新鲜水果",
    "seafood": "海鲜水产",
    "meat": "猪牛羊肉",
    "eggs": "禽类蛋品",
    "vegetables": "新鲜蔬菜",
    "frozen": "速冻食品",
}
STREAM_FIELDS = ("banners", "promotions", "floors")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "spus": GoodsSPU.objects.count(),
        "skus": GoodsSKU.objects.count(),
        "gallery": GoodsImage.objects.count(),
        "images": get_image_model().objects.count(),
        "campaigns": Campaign.objects.count(),
        "coupons": Coupon.objects.count(),
    }


def test_seed_demo_builds_the_shop_and_a_second_run_changes_nothing(db, media, client):
    seed()

    home = HomePage.objects.get()
    categories = {page.slug: page for page in CategoryPage.objects.child_of(home).live()}
    assert {slug: page.title for slug, page in categories.items()} == CATEGORIES
    for page in categories.values():
        assert (page.logo.width, page.logo.height) == (64, 64)
        assert (page.picture.width, page.picture.height) == (240, 480)
        skus = GoodsSKU.objects.filter(category=page)
        assert skus.count() >= 8
        assert 1 <= skus.filter(is_on_sale=False).count() <= 2
        for sku in skus.select_related("image"):
            assert sku.price > 0 and sku.unit and sku.description
            assert (sku.image.width, sku.image.height) == (600, 600)
            assert sku.image.file.storage.exists(sku.image.file.name)
    assert sorted(GoodsSKU.objects.filter(spu__name="草莓").values_list("name", flat=True)) == [
        "草莓 1kg",
        "草莓 2.5kg",
        "草莓 500g",
    ]
    assert "<ul>" in GoodsSPU.objects.get(name="草莓").detail
    assert GoodsImage.objects.filter(sku__name="草莓 500g").count() == 2

    # the homepage's shop window
    now = timezone.now()
    assert len(home.banners) >= 3
    for banner in home.banners:
        assert banner.value["sku"].is_on_sale
        assert (banner.value["image"].width, banner.value["image"].height) == (1200, 400)
    promotions = [block.value for block in home.promotions]
    assert len(promotions) >= 2
    assert any(p.is_running(now) and p["ends_at"] is None for p in promotions)
    upcoming = [p for p in promotions if p["starts_at"] > now]
    assert upcoming and all(p["ends_at"] > p["starts_at"] for p in upcoming)
    assert all(p.url() for p in promotions)
    # Links are site paths, so the demo works on whatever address serves it (make run ADDRESS=…).
    assert [p["link_url"] for p in promotions if p["link_url"]] == ["/meat/?sort=hot"]
    stored = json.dumps([list(getattr(home, name).raw_data) for name in STREAM_FIELDS])
    stored += "".join(GoodsSPU.objects.values_list("detail", flat=True))
    assert "http:" not in stored and "https:" not in stored and "//" not in stored
    floors = {block.value["category"].slug: block.value for block in home.floors}
    assert set(floors) == set(CATEGORIES)
    for slug, floor in floors.items():
        goods = [*floor["image_goods"], *floor["text_goods"]]
        assert len(floor["image_goods"]) == 4
        assert 4 <= len(floor["text_goods"]) <= 6
        assert all(sku.is_on_sale and sku.category_id == categories[slug].pk for sku in goods)
    for name in STREAM_FIELDS:  # what the admin would accept
        HomePage._meta.get_field(name).stream_block.clean(getattr(home, name))

    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "当季草莓 香甜多汁" in html
    assert all(title in html for title in CATEGORIES.values())

    before = counts()
    output = seed()
    assert counts() == before
    assert "campaign '鲜果节' exists" in output
    assert "categories created: 0" in output
    assert "homepage sections filled: unchanged" in output
    assert "staff group '客服' exists" in output
    # the next 3 days' delivery slots, created by the first run only
    assert DeliverySlot.objects.count() == 3 * len(DEFAULT_SLOT_TIMES)
    assert "delivery slots: 0 created" in output


def test_seed_demo_goods_adds_the_bulk_catalog_once(db, media):
    seed()
    base = GoodsSKU.objects.count()
    images = get_image_model().objects.count()

    seed("--goods", "50")
    bulk = GoodsSKU.objects.filter(spu__name__startswith=BULK_SPU_PREFIX)
    assert GoodsSKU.objects.count() == base + 50
    assert bulk.count() == 50
    assert bulk.values("name").distinct().count() == 50
    assert set(bulk.values_list("category__slug", flat=True)) == set(CATEGORIES)
    assert get_image_model().objects.count() - images <= 24  # a shared pool of pictures
    assert bulk.values("price").distinct().count() > 10
    assert bulk.values("created_at").distinct().count() == 50

    seed("--goods", "50")
    assert GoodsSKU.objects.count() == base + 50

    seed("--goods", "60")  # tops up to the new total
    assert bulk.count() == 60


def test_pictures_fall_back_to_english_without_a_cjk_font(monkeypatch):
    monkeypatch.setattr(pictures, "cjk_font_path", lambda: None)
    pictures._font.cache_clear()
    try:
        assert pictures.label_for(chinese="草莓", english="Strawberry") == "Strawberry"
        png = pictures.goods_picture(label="Strawberry 500g", colour="#e53950", shape="heart")
    finally:
        pictures._font.cache_clear()
    assert PILImage.open(BytesIO(png)).size == (600, 600)


@pytest.mark.parametrize(
    ("make_args", "dot_env", "site_url"),
    [
        (["ADDRESS=10.1.2.3:9000"], "", "http://10.1.2.3:9000"),
        (["ADDRESS=10.1.2.3:9000", "SITE_URL=https://shop.example"], "", None),
        (["ADDRESS=10.1.2.3:9000"], "SITE_URL=https://shop.example\n", None),
    ],
    ids=["from-address", "given", "in-dot-env"],
)
def test_make_run_points_mailed_links_at_the_address_served(tmp_path, make_args, dot_env, site_url):
    """`make run ADDRESS=…` gives the shop that SITE_URL, unless one is configured already."""
    shutil.copy(settings.BASE_DIR / "Makefile", tmp_path)
    for name in ("requirements.txt", "requirements-dev.txt"):
        (tmp_path / name).touch()
    (tmp_path / ".env").write_text(dot_env)
    # nothing inherited from the environment or from a `make test` running this suite
    inherited = {"SITE_URL", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    environment = {key: value for key, value in os.environ.items() if key not in inherited}

    dry_run = subprocess.run(
        ["make", "--dry-run", "run", *make_args],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    command = dry_run[dry_run.index("天天生鲜 is starting") :].replace("\\\n", " ")

    assert "-m freshsite.run" in command
    if site_url:
        assert f"SITE_URL={site_url} " in command
    else:
        assert "SITE_URL=" not in command


def test_seed_demo_publishes_every_page_unless_told_not_to(db, media):
    from snapshots.storage import SnapshotStorage, all_names

    seed("--no-publish")
    assert all_names(SnapshotStorage()) == set()

    seed()
    names = all_names(SnapshotStorage())
    assert {"index.html", "goods/fragments/nav.html"} <= names
    assert len([n for n in names if n.startswith("goods/") and n.endswith("/index.html")]) == (
        GoodsSKU.objects.on_shelf().count()
    )


def test_seed_demo_runs_the_fruit_festival_and_links_its_tile(db, media, client):
    seed()

    campaign = Campaign.objects.get(slug="fruit-festival")
    assert campaign.name == "鲜果节" and campaign.live and campaign.live_revision_id
    assert list(campaigns_running()) == [campaign]
    assert (campaign.threshold_amount, campaign.threshold_off) == (99, 20)
    assert campaign.threshold_category.slug == "fruit"
    strawberry = GoodsSKU.objects.get(name="草莓 500g")
    assert strawberry.current_price == (strawberry.price * 80 / 100).quantize(strawberry.price)
    assert GoodsSKU.objects.get(name="草莓 1kg").sale_price is None
    coupon = campaign.coupons.get()
    assert (coupon.code, coupon.amount_off, coupon.min_spend) == ("XINREN10", 10, 50)
    assert (coupon.per_user_limit, coupon.total_limit, coupon.claimable) == (1, 1000, True)
    home = HomePage.objects.get()
    tiles = {block.value["name"]: block.value for block in home.promotions}
    assert tiles["鲜果节 满99减20"]["campaign"] == campaign
    assert [name for name, tile in tiles.items() if tile["campaign"]] == ["鲜果节 满99减20"]
    assert client.get("/campaigns/fruit-festival/").status_code == 200

    # a shop seeded before campaigns existed: its tile gets the campaign when it is made
    campaign.delete()
    home = HomePage.objects.get()
    for block in home.promotions:
        block.value["campaign"] = None
    home.save_revision().publish()
    assert "campaign '鲜果节' created" in seed()
    campaign = Campaign.objects.get(slug="fruit-festival")
    tiles = {block.value["name"]: block.value for block in HomePage.objects.get().promotions}
    assert tiles["鲜果节 满99减20"]["campaign"] == campaign
