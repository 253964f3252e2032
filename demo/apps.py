from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo shop: `seed_demo`, its catalog text and its generated pictures. Nothing in the
    other apps imports it."""

    name = "demo"
    verbose_name = _("演示数据")
