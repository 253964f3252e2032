"""What accounts does when other apps report something."""

from catalog.signals import goods_viewed

from . import services


def history_record_view(sender, request, sku, **kwargs) -> None:
    """A logged-in shopper opened a goods page: it goes first in their browsing history."""
    if request.user.is_authenticated:
        services.browsing_history_record(user_id=request.user.pk, sku_id=sku.pk)


def connect() -> None:
    goods_viewed.connect(history_record_view, dispatch_uid="accounts.history_record_view")
