from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopConfig(AppConfig):
    name = "shop"
    verbose_name = _("购物车与订单")

    def ready(self) -> None:
        from . import checks, signal_handlers  # noqa: F401 (checks registers itself)

        signal_handlers.connect()
