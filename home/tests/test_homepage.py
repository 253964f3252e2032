"""The homepage: banners, scheduled promotions, category floors, navigation, query budget."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.tests.factories import SKUFactory, make_category, make_image
from home.models import HomePage
from home.services import site_root_ensure

pytestmark = pytest.mark.django_db


def publish_home(*, banners=(), promotions=(), floors=()) -> HomePage:
    home = site_root_ensure()
    home.banners = [{"type": "banner", "value": value} for value in banners]
    home.promotions = [{"type": "promotion", "value": value} for value in promotions]
    home.floors = [{"type": "floor", "value": value} for value in floors]
    home.save_revision().publish()
    return home


def promotion(name, *, starts=None, ends=None):
    return {
        "name": name,
        "link_url": "https://example.com/sale",
        "page": None,
        "image": make_image(name).pk,
        "starts_at": starts.isoformat() if starts else None,
        "ends_at": ends.isoformat() if ends else None,
    }


def test_promotions_show_only_inside_their_window(client):
    now = timezone.now()
    publish_home(
        promotions=[
            promotion("进行中", starts=now - timedelta(days=1)),
            promotion("无期限"),
            promotion("下周开始", starts=now + timedelta(days=7), ends=now + timedelta(days=14)),
            promotion("已结束", starts=now - timedelta(days=9), ends=now - timedelta(days=2)),
        ]
    )
    html = client.get("/").content.decode()
    assert "进行中" in html and "无期限" in html
    assert "下周开始" not in html and "已结束" not in html


def test_promotion_block_requires_a_link_and_an_ordered_window():
    from wagtail.blocks.struct_block import StructBlockValidationError

    from home.blocks import PromotionBlock

    block = PromotionBlock()
    now = timezone.now()
    value = block.to_python(promotion("坏活动", starts=now, ends=now - timedelta(hours=1)))
    value["link_url"] = ""
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    assert set(caught.value.block_errors) == {"link_url", "ends_at"}


def test_banners_in_stream_order_and_floors_show_only_on_shelf_goods(client):
    fruit = make_category("新鲜水果", "fruit")
    strawberry = SKUFactory(name="草莓", category=fruit)
    grape = SKUFactory(name="葡萄", category=fruit)
    hidden = SKUFactory(name="下架橙子", category=fruit, is_on_sale=False)
    publish_home(
        banners=[
            {"sku": grape.pk, "image": make_image("b1").pk, "caption": "第一张"},
            {"sku": strawberry.pk, "image": make_image("b2").pk, "caption": "第二张"},
        ],
        floors=[
            {
                "category": fruit.pk,
                "image_goods": [strawberry.pk, hidden.pk],
                "text_goods": [grape.pk, hidden.pk],
            }
        ],
    )
    response = client.get("/")
    html = response.content.decode()
    assert html.index("第一张") < html.index("第二张")
    assert f'href="/goods/{grape.pk}/"' in html
    floor = response.context["floors"][0]
    assert floor["image_goods"] == [strawberry] and floor["text_goods"] == [grape]
    assert "下架橙子" not in html


def test_floor_of_an_unpublished_category_is_hidden(client):
    fruit = make_category("新鲜水果", "fruit")
    sku = SKUFactory(category=fruit)
    publish_home(floors=[{"category": fruit.pk, "image_goods": [sku.pk], "text_goods": []}])
    fruit.unpublish()
    assert client.get("/").context["floors"] == []


def test_category_nav_follows_live_category_pages(client):
    make_category("新鲜水果", "fruit")
    seafood = make_category("海鲜水产", "seafood")
    # every page fetches the navigation as a fragment (one file to publish when it changes)
    assert 'data-fragment="/goods/fragments/nav.html"' in client.get("/").content.decode()
    nav = client.get("/goods/fragments/nav.html").context["categories"]
    assert [page.title for page in nav] == ["新鲜水果", "海鲜水产"]
    seafood.unpublish()
    html = client.get("/goods/fragments/nav.html").content.decode()
    assert 'href="/fruit/"' in html and "海鲜水产" not in html


def test_editor_changes_a_banner_and_the_homepage_shows_it(admin_client, client):
    fruit = make_category("新鲜水果", "fruit")
    sku = SKUFactory(category=fruit)
    home = publish_home(banners=[{"sku": sku.pk, "image": make_image("b").pk, "caption": "旧文案"}])
    assert "旧文案" in client.get("/").content.decode()

    home = HomePage.objects.get(pk=home.pk)
    stream = home.banners.raw_data
    stream[0]["value"]["caption"] = "新文案"
    home.banners = stream
    home.save_revision(user=None).publish()
    html = client.get("/").content.decode()
    assert "新文案" in html and "旧文案" not in html
    # The editor's page in the Wagtail admin opens.
    assert admin_client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200


def test_an_off_shelf_sku_stays_in_the_editor_and_off_the_homepage(admin_client, client):
    fruit = make_category("新鲜水果", "fruit")
    resting, selling = SKUFactory(category=fruit, name="下架草莓"), SKUFactory(category=fruit)
    banner = {"sku": resting.pk, "image": make_image("b").pk, "caption": "草莓季"}
    floor = {"category": fruit.pk, "image_goods": [resting.pk, selling.pk], "text_goods": []}
    home = publish_home(banners=[banner], floors=[floor])
    resting.is_on_sale = False
    resting.save()

    # The editor still gets the SKU (loaded with the page, as the admin loads it): the banner
    # validates and a re-save keeps the ids.
    home = HomePage.objects.get(pk=home.pk)
    banner_value = home.banners[0].value
    assert banner_value["sku"] == resting
    home.banners.stream_block.child_blocks["banner"].clean(banner_value)
    assert list(home.floors[0].value["image_goods"]) == [resting, selling]
    home.save_revision().publish()
    home = HomePage.objects.get(pk=home.pk)
    assert home.banners.raw_data[0]["value"]["sku"] == resting.pk
    floor_goods = home.floors.raw_data[0]["value"]["image_goods"]
    assert [item["value"] for item in floor_goods] == [resting.pk, selling.pk]
    # the chooser's state is JSON in an attribute: the SKU's name, escaped
    edit_page = admin_client.get(f"/admin/pages/{home.pk}/edit/").content.decode()
    assert "下架草莓".encode("unicode_escape").decode() in edit_page

    # Shoppers don't see it.
    response = client.get("/")
    assert response.context["banners"] == []
    assert response.context["floors"][0]["image_goods"] == [selling]
    assert f"/goods/{resting.pk}/" not in response.content.decode()


def homepage_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


def test_homepage_queries_do_not_grow_with_the_goods_shown(client):
    categories = [make_category(f"分类{i}", f"cat-{i}") for i in range(3)]

    def fill(per_floor):
        floors = []
        for category in categories:
            skus = SKUFactory.create_batch(per_floor, category=category)
            floors.append(
                {
                    "category": category.pk,
                    "image_goods": [s.pk for s in skus[:4]],
                    "text_goods": [s.pk for s in skus[4:]],
                }
            )
        publish_home(
            banners=[
                {"sku": s.pk, "image": make_image(f"b{s.pk}").pk, "caption": ""}
                for s in SKUFactory.create_batch(per_floor, category=categories[0])[:3]
            ],
            promotions=[promotion(f"活动{per_floor}-{i}") for i in range(2)],
            floors=floors,
        )
        client.get("/")  # renditions are made on the first view
        return homepage_queries(client)

    # 5 goods a floor (4 pictures + 1 link) against 10 (4 pictures + 6 links)
    assert fill(5) == fill(10)


def test_the_window_renders_the_blocks_as_wagtail_renders_them(client):
    """The homepage reads its blocks' stored ids (home/window.py); each block renders as
    Wagtail's own value for it renders (include_block), pictures, links and all."""
    from django.template import engines

    fruit = make_category("新鲜水果", "fruit")
    fruit.picture = make_image("floor")
    fruit.save_revision().publish()
    strawberry, grape = SKUFactory(category=fruit), SKUFactory(category=fruit, name="葡萄 <1kg>")
    home = publish_home(
        banners=[{"sku": grape.pk, "image": make_image("b").pk, "caption": ""}],
        promotions=[
            {**promotion("分类特惠"), "page": fruit.pk, "link_url": ""},
            promotion("外部活动"),
        ],
        floors=[{"category": fruit.pk, "image_goods": [strawberry.pk], "text_goods": [grape.pk]}],
    )
    html = client.get("/").content.decode()
    home = HomePage.objects.get(pk=home.pk)
    wagtail = engines["django"].from_string(
        "{% load wagtailcore_tags %}{% for block in blocks %}{% include_block block %}{% endfor %}"
    )
    for stream in (home.banners, home.promotions):
        assert wagtail.render({"blocks": list(stream)}) in html
    assert 'href="/fruit/"' in html and 'href="https://example.com/sale"' in html
    floor = engines["django"].get_template("blocks/floor_block.html")
    value = home.floors[0].value
    assert floor.render({"value": value}) in html


def test_a_banner_whose_picture_is_gone_is_hidden(client):
    sku = SKUFactory()
    picture = make_image("b")
    publish_home(banners=[{"sku": sku.pk, "image": picture.pk, "caption": "没图了"}])
    picture.delete()
    assert client.get("/").context["banners"] == []
