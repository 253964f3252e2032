from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SnapshotsConfig(AppConfig):
    """Published pages: the homepage, category lists and goods details rendered by Celery into
    static files (``SNAPSHOT_ROOT``) that nginx serves without Python."""

    name = "snapshots"
    verbose_name = _("页面静态化")

    def ready(self) -> None:
        from . import signal_handlers

        signal_handlers.connect()
