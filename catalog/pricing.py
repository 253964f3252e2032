"""Current prices of goods: the list price, or the sale price a running campaign gives
(``marketing``). Pages price their goods in bulk here (one query however many goods); a SKU
priced nowhere prices itself on first use (``GoodsSKU.sale_price``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.db.models import Case, DecimalField, ExpressionWrapper, F, QuerySet, Value, When
from django.db.models.functions import Least

from marketing.selectors import SalePrices, sale_prices_at

MONEY = DecimalField(max_digits=10, decimal_places=2)


def skus_priced(skus: Iterable, *, at: datetime | None = None, prices: SalePrices | None = None):
    """Set each SKU's ``sale_price`` for the moment ``at`` (default: now); returns ``skus``."""
    prices = prices if prices is not None else sale_prices_at(at)
    for sku in skus:
        sku.__dict__["sale_price"] = prices.price_of(
            sku_id=sku.pk, category_id=sku.category_id, price=sku.price
        )
    return skus


def _percent(percent: int):
    return ExpressionWrapper(F("price") * Value(Decimal(percent) / 100), output_field=MONEY)


def current_price_ordering(skus: QuerySet, *, category_id: int, prices: SalePrices):
    """``skus`` annotated with ``price_now`` (the sale price where one runs; not named
    ``current_price``, the model's read-only property, which an annotation cannot set), for a
    list sorted by what the goods cost now; None when no sale touches them (the plain price
    index then sorts)."""
    category_percent = prices.by_category.get(category_id)
    if not prices.by_sku and category_percent is None:
        return None
    base = [F("price")] + ([_percent(category_percent)] if category_percent else [])
    whens = []
    for sku_id, (fixed, percent) in prices.by_sku.items():
        offers = list(base)
        if fixed is not None:
            offers.append(Value(fixed, output_field=MONEY))
        if percent:
            offers.append(_percent(percent))
        whens.append(When(pk=sku_id, then=Least(*offers, output_field=MONEY)))
    default = Least(*base, output_field=MONEY) if len(base) > 1 else F("price")
    return skus.annotate(price_now=Case(*whens, default=default, output_field=MONEY))
