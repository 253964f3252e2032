"""The Content-Security-Policy (django-csp): on every page of ours, and no inline code to need
more than ``script-src 'self'`` and ``style-src 'self'``."""

import re
from pathlib import Path

import pytest

from catalog.tests.factories import SKUFactory, make_category, make_image
from home.services import site_root_ensure
from home.tests.test_homepage import publish_home

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.django_db
def test_homepage_sends_a_policy_that_allows_no_inline_code(client):
    site_root_ensure()

    response = client.get("/")

    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]


@pytest.mark.django_db
def test_the_wagtail_admin_is_left_out_of_the_policy(client):
    # Wagtail's admin writes inline scripts and styles (see freshsite/settings/csp.py).
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def served_templates() -> list[Path]:
    # mail templates are read in a mail client, never served under the policy
    paths = [path for path in TEMPLATES.rglob("*.html") if "mail" not in path.parts]
    assert paths
    return paths


def test_no_template_has_inline_scripts_handlers_or_style_attributes():
    offenders = []
    for path in served_templates():
        text, name = path.read_text(), path.relative_to(ROOT)
        for attributes in SCRIPT_TAG.findall(text):
            # json_script's <script type="application/json"> is data, never executed
            if "src=" not in attributes and 'type="application/json"' not in attributes:
                offenders.append(f"{name}: inline <script{attributes}>")
        if EVENT_HANDLER.search(text):
            offenders.append(f"{name}: an on…= event handler attribute")
        if "javascript:" in text.lower():
            offenders.append(f"{name}: a javascript: URL")
        if STYLE_ATTRIBUTE.search(text):
            offenders.append(f"{name}: a style attribute (style-src 'self' refuses it)")
    assert offenders == []


def test_scripts_build_no_code_from_strings():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group()}"
        for path in (ROOT / "static" / "js").rglob("*.js")
        for match in re.finditer(
            r"\beval\(|new Function\(|set(?:Timeout|Interval)\(\s*['\"`]", path.read_text()
        )
    ]
    assert offenders == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browsing_the_shop_breaks_no_rule_of_the_policy(live_server, page):
    fruit = make_category("新鲜水果", "fruit")
    strawberry = SKUFactory(name="丹东草莓", category=fruit)
    grape = SKUFactory(name="阳光玫瑰葡萄", category=fruit)
    publish_home(
        banners=[
            {"sku": grape.pk, "image": make_image("banner").pk, "caption": "葡萄上市"},
            {"sku": strawberry.pk, "image": make_image("banner2").pk, "caption": "草莓上市"},
        ],
        floors=[{"category": fruit.pk, "image_goods": [strawberry.pk], "text_goods": [grape.pk]}],
    )
    refused = []

    def on_console(message):
        # Chromium words it "Refused to …" or "Executing inline script violates …"
        if "Content Security Policy" in message.text or message.text.startswith("Refused"):
            refused.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: refused.append(str(error)))

    for path in ["/", "/fruit/", f"/goods/{strawberry.pk}/", "/search/?q=草莓"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
    page.goto(f"{live_server.url}/fruit/")
    card = page.locator(".goods-card", has_text="丹东草莓")
    card.locator("[data-add-to-cart]").click()  # shop.js posts to /cart/add/
    card.locator("[data-add-status]").filter(has_text="已加入购物车").wait_for()
    for path in ["/cart/", "/accounts/register/", "/accounts/login/"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")

    assert refused == []
