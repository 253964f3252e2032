"""Signals the shop sends; apps above it listen (the shop imports none of them)."""

from django.dispatch import Signal

# Shoppers' comments on these goods changed (``sku_ids``), sent once committed: the goods pages
# show them (the published pages are rewritten by snapshots/).
goods_commented = Signal()
