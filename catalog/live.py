"""What a published page cannot carry: the figures that change with every order.

The page's script asks ``GET /goods/live/`` for the goods it shows; nginx keeps the answer for a
second, so a busy page costs the database one query a second whatever its traffic.
"""

from __future__ import annotations

from .models import GoodsSKU

LIVE_MAX_IDS = 100  # goods one call may ask for (a list page shows 15, a homepage some 40)


def goods_live(*, sku_ids: list[int]) -> dict[str, dict]:
    """Stock, sales, shelf state and current price of these SKUs, keyed by id as text (as
    JSON keys are); ids that name no SKU are left out. One query."""
    rows = GoodsSKU.objects.filter(pk__in=sku_ids).values_list(
        "pk", "stock", "sales", "is_on_sale", "price"
    )
    return {
        str(pk): {"stock": stock, "sales": sales, "on_shelf": on_sale, "price": f"{price:.2f}"}
        for pk, stock, sales, on_sale, price in rows
    }
