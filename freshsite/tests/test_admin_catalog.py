"""The project's catalog (``locale/zh_Hans``) of the Wagtail and Django admin strings their own
zh_Hans catalogs leave in English: its compiled ``.mo`` matches its ``.po`` and it translates
what the issue saw; and the settings a shop runs on turn Wagtail's English upgrade notice off
(freshsite/tests/test_admin_chinese.py opens the admin's pages)."""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_dev_and_production_settings_turn_the_upgrade_notice_off():
    """The upgrade banner is English and calls wagtail.org; base.py is left as it is (its
    length is at its limit), so the two settings a shop runs on say it."""
    settings_dir = Path(settings.BASE_DIR) / "freshsite" / "settings"
    for name in ("dev.py", "production.py"):
        tree = ast.parse((settings_dir / name).read_text(encoding="utf-8"))
        values = [
            node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and any(getattr(t, "id", "") == "WAGTAIL_ENABLE_UPDATE_CHECK" for t in node.targets)
            and isinstance(node.value, ast.Constant)
        ]
        assert values == [False], name


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
