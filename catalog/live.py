"""What a published page cannot carry: the figures that change with every order.

The page's script asks ``GET /goods/live/`` for the goods it shows; nginx keeps the answer for a
second, so a busy page costs the database one query a second whatever its traffic (and one for
the sale prices running now).
"""

from __future__ import annotations

from marketing.selectors import sale_prices_at

from .models import GoodsSKU

LIVE_MAX_IDS = 100  # goods one call may ask for (a list page shows 15, a homepage some 40)


def goods_live(*, sku_ids: list[int]) -> dict[str, dict]:
    """Stock, sales, shelf state, current price (a sale's, while one runs) and list price of
    these SKUs, keyed by id as text (as JSON keys are); ids that name no SKU are left out."""
    rows = GoodsSKU.objects.filter(pk__in=sku_ids).values_list(
        "pk", "stock", "sales", "is_on_sale", "price", "category_id"
    )
    prices = sale_prices_at() if rows else None
    goods = {}
    for pk, stock, sales, on_sale, price, category_id in rows:
        sale = prices.price_of(sku_id=pk, category_id=category_id, price=price)
        goods[str(pk)] = {
            "stock": stock,
            "sales": sales,
            "on_shelf": on_sale,
            "price": f"{sale if sale is not None else price:.2f}",
            "list_price": f"{price:.2f}",
        }
    return goods
