"""The UI is i18n-ready: the JavaScript's words go through Django's JavaScript catalog."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

JS_DIR = Path(settings.BASE_DIR) / "static" / "js"
CHINESE_STRING = re.compile(r"""(["'])[^"'\n]*[\u4e00-\u9fff][^"'\n]*\1""")


def untranslated_strings(source: str) -> list[str]:
    """Chinese string literals in code that are not the argument of gettext()."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("//"))
    return [
        match.group(0)
        for match in CHINESE_STRING.finditer(code)
        if not code[: match.start()].rstrip().endswith("gettext(")
    ]


def test_the_checker_finds_a_bare_string_and_passes_a_wrapped_one():
    assert untranslated_strings('el.textContent = "已加入购物车";') == ['"已加入购物车"']
    assert untranslated_strings('el.textContent = gettext("已加入购物车");') == []
    assert untranslated_strings('// "加入购物车" buttons') == []


@pytest.mark.parametrize("script", sorted(JS_DIR.glob("*.js")), ids=lambda path: path.name)
def test_every_chinese_string_in_the_javascript_is_translatable(script):
    assert untranslated_strings(script.read_text(encoding="utf-8")) == []


def test_pages_load_the_javascript_catalog_before_the_shop_script(client):
    html = client.get("/accounts/login/").content.decode()
    assert html.index('src="/jsi18n/"') < html.index("js/shop.js")
    catalog = client.get("/jsi18n/")
    assert catalog.status_code == 200
    assert "javascript" in catalog["Content-Type"]
    assert "django.gettext = function" in catalog.content.decode()
