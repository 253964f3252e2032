"""Writes to the goods search index (haystack), one object at a time."""

from __future__ import annotations

from haystack import connections

from catalog.models import GoodsSKU, GoodsSPU


def _sku_index():
    return connections["default"].get_unified_index().get_index(GoodsSKU)


def _writer_lock():
    return connections["default"].get_backend().writer_lock()


def search_index_update(*, model: str, object_id: int) -> None:
    """Bring the index in step with the database for one SKU or product.

    ``model`` is a label such as ``catalog.goodssku``. A SKU is indexed if it is on the shelf
    and removed if it is off the shelf or gone; a product re-indexes its SKUs (its name and
    detail are in their documents). Safe to run twice, in any order: it reads the current rows
    under the index's writer lock, so a task that read earlier rows cannot write them over a
    later task's (two workers: a product's re-index finishing after a SKU's newer one).
    """
    if model not in (GoodsSKU._meta.label_lower, GoodsSPU._meta.label_lower):
        raise ValueError(f"not indexed for search: {model}")
    with _writer_lock():
        _index_in_step(model=model, object_id=object_id)


def _index_in_step(*, model: str, object_id: int) -> None:
    index = _sku_index()
    if model == GoodsSKU._meta.label_lower:
        sku = GoodsSKU.objects.select_related("spu", "category").filter(pk=object_id).first()
        if sku is None:
            index.remove_object(GoodsSKU(pk=object_id))
        else:
            index.update_object(sku)
    elif model == GoodsSPU._meta.label_lower:
        # A product can only be deleted once it has no SKUs (PROTECT): nothing left to do then.
        for sku in GoodsSKU.objects.select_related("spu", "category").filter(spu_id=object_id):
            index.update_object(sku)
