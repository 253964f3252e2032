"""The Wagtail admin speaks Chinese to a Chinese-speaking editor (issue 15, point 4).

Our own labels (models, fields, help texts, snippet menus, StreamField blocks) are Chinese and
show on the pages that use them; Wagtail's and Django admin's strings that their own zh_Hans
catalogs leave in English come from the project's catalog (``locale/zh_Hans``), whose compiled
``.mo`` must match its ``.po``.
"""

from __future__ import annotations

import ast
import gettext
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from wagtail import blocks
from wagtail.models import Page

from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory, make_category
from catalog.wagtail_hooks import GoodsSKUViewSet, GoodsSPUViewSet, GoodsViewSetGroup
from demo.staff import demo_staff_ensure
from home.models import HomePage
from home.services import site_root_ensure

CJK = re.compile(r"[\u4e00-\u9fff]")
OUR_APPS = ("catalog", "home", "accounts")
CATALOG = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
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
    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
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
    return [
        str(viewset.menu_label) for viewset in (GoodsViewSetGroup, GoodsSKUViewSet, GoodsSPUViewSet)
    ]


def is_chinese(label: str) -> bool:
    """Chinese, with no English word in it (``SKU``, ``SPU`` are what the shop calls them)."""
    return bool(CJK.search(label)) and not re.search(r"[a-z]{2,}", label)


@pytest.mark.parametrize(
    "collect", [model_labels, homepage_block_labels, viewset_labels], ids=lambda f: f.__name__
)
def test_our_labels_and_help_texts_are_chinese(collect):
    labels = collect()
    assert labels and [label for label in labels if not is_chinese(label)] == []


# --- what the admin shows --------------------------------------------------------------------
class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes (not in scripts, styles, templates) and the
    title, placeholder and aria-label attributes; plus the JSON of block definitions."""

    HIDDEN = {"script", "style", "template", "noscript"}
    SPOKEN = {"title", "placeholder", "aria-label", "alt"}

    def __init__(self, html: str):
        super().__init__()
        self.hidden, self.parts, self.json_values = 0, [], []
        self.feed(html)
        self.text = "\n".join(self.parts)

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in self.HIDDEN
        for name, value in attrs:
            if name in self.SPOKEN and value:
                self.parts.append(value)
            elif name.startswith("data-") and value and value[:1] in "[{":
                self.json_values.append(value)

    def handle_endtag(self, tag):
        self.hidden -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self.hidden and data.strip():
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
def admin_site(db):
    """A homepage with a category, goods, and the demo staff; {username: user}."""
    home = site_root_ensure()
    category = make_category("新鲜水果", "fruit")
    sku = SKUFactory(name="草莓 500g", category=category)
    users = {user.username: user for user, *_ in demo_staff_ensure(home=home, password="pw")}
    users["admin"] = UserFactory(username="boss", is_staff=True, is_superuser=True)
    return home, category, sku, users


def admin_pages(home, category, sku) -> dict[str, str]:
    return {
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
ALLOWED = {
    "admin": EDITOR_PAGES | {"orders"},
    "editor": EDITOR_PAGES,
    "marketing": {"dashboard", "explorer", "homepage", "category", "skus", "spus", "images"},
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
def test_the_main_admin_pages_show_no_english_to_each_demo_user(client, admin_site, username):
    home, category, sku, users = admin_site
    client.force_login(users[username])
    pages = admin_pages(home, category, sku)
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


# --- the project's catalog -------------------------------------------------------------------
def po_entries(path: Path) -> dict[str, str]:
    """msgid (or msgid's first form) → msgstr (or msgstr[0]) of a .po file, by the stdlib."""
    entries, current, key = {}, {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line or line.startswith("#"):
            if current.get("msgid"):
                entries[current["msgid"]] = current.get("msgstr", current.get("msgstr[0]"))
            current, key = {}, None
            continue
        match = re.match(r'(msgid|msgid_plural|msgstr(?:\[0\])?|msgstr\[\d+\]) (".*")$', line)
        if match:
            key = match.group(1)
            current[key] = ast.literal_eval(match.group(2))
        else:
            current[key] += ast.literal_eval(line)
    return entries


def test_the_compiled_catalog_matches_its_source():
    entries = po_entries(CATALOG / "django.po")
    with (CATALOG / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    compiled_entries = {
        (key[0] if isinstance(key, tuple) else key): value
        for key, value in catalog.items()
        if key and (not isinstance(key, tuple) or key[1] == 0) and key[0] != ""
    }
    assert compiled_entries == entries, "run msgfmt -o django.mo django.po in locale/zh_Hans"
    if shutil.which("msgfmt"):
        subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(CATALOG / "django.po")], check=True
        )


def test_the_catalog_translates_what_the_issue_saw():
    from django.utils import translation

    with translation.override("zh-hans"):
        assert translation.gettext("Any date") == "任意日期"
        assert translation.gettext("Date updated") == "更新日期"
        assert "个页面" in translation.ngettext(
            '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
            '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
            7,
        )
