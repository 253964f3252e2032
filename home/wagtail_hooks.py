"""The homepage in the admin: a link to see it as at a future moment (``admin_views``), from the
homepage's header buttons (its 更多 menu) and under 设置 for marketing staff."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from .admin_views import homepage_preview_at, may_preview
from .models import HomePage


@hooks.register("register_admin_urls")
def register_preview_at_url():
    return [
        path("home/preview-at/", homepage_preview_at, name="home_preview_at"),
    ]


@hooks.register("register_page_header_buttons")
def preview_at_button(page, user, view_name, next_url=None):
    if page.specific_class is HomePage and may_preview(user, page):
        yield Button(
            _("按时间预览"),
            reverse("home_preview_at"),
            icon_name="view",
            priority=66,
        )


class PreviewAtMenuItem(MenuItem):
    def is_shown(self, request):
        return may_preview(request.user)


@hooks.register("register_settings_menu_item")
def preview_at_menu_item():
    return PreviewAtMenuItem(
        _("首页按时间预览"), reverse("home_preview_at"), icon_name="view", order=900
    )
