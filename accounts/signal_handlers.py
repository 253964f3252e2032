"""What the accounts app does when others' things change."""

from __future__ import annotations

from catalog.signals import stock_changed
from freshsite.queue import enqueue_on_commit

from .restock import restock_alerts_due


def restock_alerts_queue(sender, sku_ids, **kwargs) -> None:
    """Stock of ``sku_ids`` changed (and committed): mail those waiting for the ones back on
    the shelf with stock. Orders announce every take too, so only SKUs someone waits for with
    stock now get a task."""
    from .tasks import restock_alerts_send_task

    for sku_id in restock_alerts_due(sku_ids=list(sku_ids)):
        enqueue_on_commit(restock_alerts_send_task, sku_id=sku_id)


def connect() -> None:
    stock_changed.connect(restock_alerts_queue, dispatch_uid="accounts.restock_alerts_queue")
