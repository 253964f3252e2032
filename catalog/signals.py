"""Signals the catalog sends; apps above it listen (the catalog imports none of them)."""

from django.dispatch import Signal

# Stock of these SKUs changed (``sku_ids``), sent once the change has committed: by orders,
# cancellations, the unpaid-order timeout and editors alike (``catalog.stock``). Conditional
# UPDATEs send no model signal, so whatever shows or ranks by stock listens here.
stock_changed = Signal()
