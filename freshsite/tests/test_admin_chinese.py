"""The Wagtail admin speaks Chinese to a Chinese-speaking editor (issue 15, point 4).

Our own labels (models, fields, help texts, snippet menus, StreamField blocks) are Chinese and
show on the pages that use them; Wagtail's and Django admin's strings that their own zh_Hans
catalogs leave in English come from the project's catalog (``locale/zh_Hans``, checked in
test_admin_catalog.py). The campaign admin (list, add, edit with its inline panels and the
scheduling dialog, a locked and a scheduled campaign, history) is opened too.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from wagtail import blocks
from wagtail.models import Page

from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory, make_category
from catalog.wagtail_hooks import GoodsSKUViewSet, GoodsSPUViewSet, GoodsViewSetGroup
from demo.staff import demo_staff_ensure, wagtail_defaults_translate
from home.models import HomePage
from home.services import site_root_ensure
from marketing.tests.factories import CampaignFactory, CouponFactory, SalePriceFactory
from marketing.wagtail_hooks import CampaignViewSet, MarketingViewSetGroup

CJK = re.compile(r"[\u4e00-\u9fff]")
OUR_APPS = ("catalog", "home", "accounts", "marketing")
# English the issue saw in the admin, as visible text (or a title, placeholder or aria-label)
ENGLISH = (
    "Pages",
    "Images",
    "Any date",
    "Is on sale",
    "True",
    "False",
    "Anyone can edit",
    "Sort by",
    "Date updated",
    "Autosave",
    "Content metrics",
    "Exploring",
    "Oldest",
    "Root",
    "To be created",
    "scheduled",
    "locked",
    "by",
    "ago",
    "upgrade",
    "Troubleshoot",
)


# --- what we label ---------------------------------------------------------------------------
def field_labels(model) -> list[str]:
    """Verbose names and help texts of ``model``'s own editable fields (Wagtail's Page fields
    are Wagtail's to translate)."""
    page_fields = {field.name for field in Page._meta.get_fields()}
    labels = []
    for field in model._meta.get_fields():
        if field.auto_created or not field.editable or field.name in page_fields:
            continue
        labels += [str(field.verbose_name)] + ([str(field.help_text)] if field.help_text else [])
    return labels


def model_labels() -> list[str]:
    labels = []
    models = [model for app in OUR_APPS for model in apps.get_app_config(app).get_models()]
    for model in models:
        meta = model._meta
        labels += [str(meta.verbose_name), str(meta.verbose_name_plural), *field_labels(model)]
    return labels


def block_labels(block) -> list[str]:
    """The labels and help texts of a block and of every block inside it."""
    labels = [str(block.label)] if block.label else []
    if getattr(block.meta, "help_text", None):
        labels.append(str(block.meta.help_text))
    if isinstance(block, blocks.ListBlock):
        labels += block_labels(block.child_block)
    for child in getattr(block, "child_blocks", {}).values():
        labels += block_labels(child)
    return labels


def homepage_block_labels() -> list[str]:
    labels = []
    for name in ("banners", "promotions", "floors"):
        labels += block_labels(HomePage._meta.get_field(name).stream_block)
    return labels


def viewset_labels() -> list[str]:
    viewsets = (
        GoodsViewSetGroup,
        GoodsSKUViewSet,
        GoodsSPUViewSet,
        MarketingViewSetGroup,
        CampaignViewSet,
    )
    return [str(viewset.menu_label) for viewset in viewsets]


def is_chinese(label: str) -> bool:
    """Chinese, with no English word in it (``SKU``, ``SPU`` are what the shop calls them; a
    site path such as ``/campaigns/<网址名>/`` is an address, not English)."""
    words = re.sub(r"/[^\s，。；（）]*", "", label)
    return bool(CJK.search(label)) and not re.search(r"[a-z]{2,}", words)


@pytest.mark.parametrize(
    "collect", [model_labels, homepage_block_labels, viewset_labels], ids=lambda f: f.__name__
)
def test_our_labels_and_help_texts_are_chinese(collect):
    labels = collect()
    assert labels and [label for label in labels if not is_chinese(label)] == []


# --- what the admin shows --------------------------------------------------------------------
class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes (not in scripts, styles, templates) and the
    title, placeholder and aria-label attributes; plus the JSON of block definitions. A
    template Wagtail teleports into the page as it loads (the scheduling dialog) is seen."""

    HIDDEN = {"script", "style", "template", "noscript"}
    SPOKEN = {"title", "placeholder", "aria-label", "alt"}

    def __init__(self, html: str):
        super().__init__()
        self.hiding, self.parts, self.json_values = [], [], []
        self.feed(html)
        self.text = "\n".join(self.parts)

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hiding.append(dict(attrs).get("data-controller") != "w-teleport")
        for name, value in attrs:
            if name in self.SPOKEN and value:
                self.parts.append(value)
            elif name.startswith("data-") and value and value[:1] in "[{":
                self.json_values.append(value)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hiding:
            self.hiding.pop()

    def handle_data(self, data):
        if not any(self.hiding) and data.strip():
            self.parts.append(" ".join(data.split()))


def json_labels(values: list[str]) -> list[str]:
    """Every ``label`` in the JSON of the page's data attributes (the block definitions)."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("label"), str) and node["label"]:
                found.append(node["label"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for value in values:
        try:
            walk(json.loads(value))
        except ValueError:
            continue
    return found


def english_on(text: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"(?<![A-Za-z]){word}(?![a-z])", text)]


@pytest.fixture
def admin_site(db, settings):
    """A homepage with a category, goods, and the demo staff; {username: user}. Set up as
    seed_demo leaves it (Wagtail's default names translated), with dev's and production's
    settings (no upgrade notice)."""
    settings.WAGTAIL_ENABLE_UPDATE_CHECK = False
    home = site_root_ensure()
    wagtail_defaults_translate()
    category = make_category("新鲜水果", "fruit")
    sku = SKUFactory(name="草莓 500g", category=category)
    users = {user.username: user for user, *_ in demo_staff_ensure(home=home, password="pw")}
    users["admin"] = UserFactory(username="boss", is_staff=True, is_superuser=True)
    return home, category, sku, users


@pytest.fixture
def campaigns(admin_site):
    """A live campaign with a sale price and a coupon, a new revision of it scheduled for
    tomorrow by marketing (its history, the scheduled lock), and a second one marketing
    locked: {name: url} of their admin pages."""
    _home, category, sku, users = admin_site
    marketing = users["marketing"]
    scheduled = CampaignFactory(name="鲜果节", threshold_amount=99, threshold_off=20)
    SalePriceFactory(campaign=scheduled, sku=sku, price=None, percent=80)
    SalePriceFactory(campaign=scheduled, sku=None, category=category, price=None, percent=90)
    CouponFactory(campaign=scheduled, title="新人券", total_limit=1000)
    scheduled.save_revision(user=marketing).publish(user=marketing)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision(user=marketing).publish(user=marketing)
    locked = CampaignFactory(name="海鲜节")
    SalePriceFactory(campaign=locked, sku=sku)
    CouponFactory(campaign=locked, title="海鲜券")
    locked.save_revision(user=marketing).publish(user=marketing)
    locked.locked, locked.locked_by, locked.locked_at = True, marketing, timezone.now()
    locked.save()
    urls = "wagtailsnippets_marketing_campaign"
    revisions = list(scheduled.revisions.order_by("pk").values_list("pk", flat=True))
    return {
        "campaigns": reverse(f"{urls}:list"),
        "campaign_add": reverse(f"{urls}:add"),
        "campaign": reverse(f"{urls}:edit", args=[scheduled.pk]),
        "campaign_locked": reverse(f"{urls}:edit", args=[locked.pk]),
        "campaign_history": reverse(f"{urls}:history", args=[scheduled.pk]),
        "campaign_compare": reverse(f"{urls}:revisions_compare", args=[scheduled.pk, *revisions]),
        "campaign_sku_chooser": reverse("wagtailsnippetchoosers_catalog_goodssku:choose"),
    }


def admin_pages(home, category, sku) -> dict[str, str]:
    return {
        "explorer_root": reverse("wagtailadmin_explore_root"),
        "dashboard": reverse("wagtailadmin_home"),
        "explorer": reverse("wagtailadmin_explore", args=[home.pk]),
        "homepage": reverse("wagtailadmin_pages:edit", args=[home.pk]),
        "category": reverse("wagtailadmin_pages:edit", args=[category.pk]),
        "skus": reverse("wagtailsnippets_catalog_goodssku:list"),
        "spus": reverse("wagtailsnippets_catalog_goodsspu:list"),
        "sku": reverse("wagtailsnippets_catalog_goodssku:edit", args=[sku.pk]),
        "spu": reverse("wagtailsnippets_catalog_goodsspu:edit", args=[sku.spu_id]),
        "chooser": reverse("wagtailsnippetchoosers_catalog_goodssku:choose"),
        "images": reverse("wagtailimages:index"),
        "orders": "/admin/shop/orderinfo/",
    }


# the pages each user may open; the others are refused (see demo/tests/test_roles.py)
EDITOR_PAGES = {
    "dashboard",
    "explorer",
    "homepage",
    "category",
    "skus",
    "spus",
    "sku",
    "spu",
    "chooser",
    "images",
}
CAMPAIGN_PAGES = {
    "campaigns",
    "campaign_add",
    "campaign",
    "campaign_locked",
    "campaign_history",
    "campaign_compare",
    "campaign_sku_chooser",
}
ALLOWED = {
    "admin": EDITOR_PAGES | CAMPAIGN_PAGES | {"orders", "explorer_root"},
    "editor": EDITOR_PAGES,
    "marketing": {"dashboard", "explorer", "homepage", "category", "skus", "spus", "images"}
    | CAMPAIGN_PAGES,
}


def page_text(client, url: str) -> VisibleText:
    response = client.get(url, {"q": ""} if "choose" in url else None)
    assert response.status_code == 200, url
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        body = json.loads(body)["html"]  # the chooser answers with its modal's HTML
    return VisibleText(body)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["admin", "editor", "marketing"])
def test_the_main_admin_pages_show_no_english_to_each_demo_user(
    client, admin_site, campaigns, username
):
    home, category, sku, users = admin_site
    client.force_login(users[username])
    pages = admin_pages(home, category, sku) | campaigns
    for name in sorted(ALLOWED[username]):
        page = page_text(client, pages[name])
        assert english_on(page.text) == [], name
        assert [label for label in json_labels(page.json_values) if not is_chinese(label)] == []


@pytest.mark.django_db
def test_our_labels_show_on_the_pages_that_use_them(client, admin_site):
    home, category, sku, users = admin_site
    client.force_login(users["editor"])
    pages = admin_pages(home, category, sku)
    sku_page = page_text(client, pages["sku"]).text
    for name in (
        "spu",
        "category",
        "name",
        "description",
        "price",
        "unit",
        "stock",
        "sales",
        "image",
        "is_on_sale",
    ):
        assert str(sku._meta.get_field(name).verbose_name) in sku_page, name
    assert "价格与库存" in sku_page and "更多图片" in sku_page
    assert "首页楼层左侧的大图" in page_text(client, pages["category"]).text
    listing = page_text(client, pages["skus"]).text
    assert "上架" in listing.splitlines()
    homepage = page_text(client, pages["homepage"])
    shown = set(json_labels(homepage.json_values)) | set(homepage.text.splitlines())
    assert set(homepage_block_labels()) - {"站内路径（如 /fruit/?sort=hot）或完整网址"} <= shown
    dashboard = page_text(client, pages["dashboard"]).text
    assert "个页面" in dashboard and "张图片" in dashboard


@pytest.mark.django_db
def test_the_campaign_pages_show_our_labels_and_the_scheduling_dialog(
    client, admin_site, campaigns
):
    from marketing.models import Campaign, CampaignSalePrice, Coupon

    users = admin_site[3]
    client.force_login(users["marketing"])
    edit = page_text(client, campaigns["campaign_locked"]).text  # locked by marketing itself
    for model in (Campaign, CampaignSalePrice, Coupon):
        for name in [field.name for field in model._meta.get_fields() if field.editable]:
            if name in {"id", "campaign", "sort_order", "live", "has_unpublished_changes"}:
                continue
            field = model._meta.get_field(name)
            if field.is_relation and not field.concrete or name.startswith(("locked", "latest")):
                continue
            if name in {"first_published_at", "last_published_at", "live_revision"}:
                continue
            assert str(field.verbose_name) in edit, (model.__name__, name)
    assert {"特价", "满减", "优惠券"} <= set(edit.splitlines())
    # the scheduling dialog, and the status of a revision scheduled to go live
    assert "设置发布计划" in edit and "上线日期/时间" in edit and "过期日期/时间" in edit
    assert {"“海鲜节”", "您", "锁定。"} <= set(edit.splitlines())  # locked by marketing
    assert "已锁定，已安排在" in page_text(client, campaigns["campaign"]).text
    history = page_text(client, campaigns["campaign_history"]).text
    assert "已安排在" in history
    listing = page_text(client, campaigns["campaigns"]).text
    assert "鲜果节" in listing and "状态" in listing.splitlines()
