"""Campaigns in the Wagtail admin: a snippet viewset with drafts, revisions, locking, scheduled
publishing and preview, under the 营销 menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import PublishingPanel
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Campaign


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "date"
    menu_label = _("营销活动")
    # Wagtail's status tag (已发布, 草稿, 已计划…) rather than the live flag's "True"/"False";
    # its own default label is translated at import time, so ours is given lazily
    list_display = ["name", "starts_at", "ends_at", LiveStatusTagColumn(label=_("状态"))]
    list_filter = ["live"]
    search_fields = ["name", "slug"]
    search_backend_name = None  # plain icontains: works for Chinese on every database
    ordering = ["-starts_at", "-id"]
    # the model's panels plus Wagtail's go-live / expiry fields, which the edit page shows in
    # its scheduling dialog: without them a campaign could not be scheduled from the admin
    panels = [*Campaign.panels, PublishingPanel()]


class MarketingViewSetGroup(SnippetViewSetGroup):
    items = (CampaignViewSet,)
    menu_icon = "date"
    menu_label = _("营销")
    menu_name = "marketing"
    menu_order = 210


register_snippet(MarketingViewSetGroup)
