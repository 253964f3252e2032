"""China's provinces → prefecture-level cities → districts, for the address form's lists.

``accounts/regions.json`` is ``{province: {city: [district, …]}}``: every province-level
division with its prefecture-level cities (and the county-level cities a province governs
directly, as cities of their own), and the districts and counties of each city. Generated from
the adcodes table of the MIT-licensed ``cpca`` package (2026 refresh). A city the data gives no
districts (东莞市, 中山市, 嘉峪关市…) needs none; any city also offers ``其他`` for a district
missing from the data.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

OTHER = "其他"  # a district the lists lack
REGIONS_FILE = Path(__file__).with_name("regions.json")


@cache
def regions() -> dict[str, dict[str, list[str]]]:
    return json.loads(REGIONS_FILE.read_text(encoding="utf-8"))


def provinces() -> list[str]:
    return list(regions())


def cities(province: str) -> list[str]:
    return list(regions().get(province, {}))


def districts(province: str, city: str) -> list[str]:
    """The city's districts, then ``其他`` (none for a city the data gives no districts)."""
    known = regions().get(province, {}).get(city, [])
    return [*known, OTHER] if known else []


def region_validate(*, province: str, city: str, district: str) -> None:
    """Raise ``ValidationError`` (by field) unless the three name one place of the lists."""
    if province not in regions():
        raise ValidationError({"province": _("请选择省份。")}, code="invalid_province")
    if city not in regions()[province]:
        raise ValidationError({"city": _("请选择所在城市。")}, code="invalid_city")
    # a city without districts in the data takes none; any other, one of its own (or 其他)
    if district not in (districts(province, city) or [""]):
        raise ValidationError({"district": _("请选择所在区县。")}, code="invalid_district")
