"""Signals the catalog sends; apps above it listen (the catalog imports none of them)."""

from django.dispatch import Signal

# A shopper opened a goods detail page: sent with ``request`` and ``sku``.
# accounts records a logged-in shopper's browsing history from it.
goods_viewed = Signal()

# Stock of these SKUs changed (``sku_ids``), sent once the change has committed: by orders,
# cancellations, the unpaid-order timeout and editors alike (``catalog.stock``). Conditional
# UPDATEs send no model signal, so whatever shows or ranks by stock listens here.
stock_changed = Signal()
