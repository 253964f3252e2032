"""The homepage as it will look at a chosen moment: an editor's preview of a future shop window.

The homepage's latest revision (its draft, if any) is rendered under
``marketing.clock.pricing_moment(at)``, so the promotion tiles (their own windows and their
campaigns') and the sale prices are those of that moment. Only staff who may edit the homepage,
or marketing staff who may edit campaigns, may use it.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput

from marketing.clock import pricing_moment

from .models import HomePage

PREVIEW_YEARS = (2000, 2100)


class PreviewMomentForm(forms.Form):
    at = forms.DateTimeField(
        label=_("预览时间"),
        widget=AdminDateTimeInput,
        help_text=_("按这个时间显示首页：届时进行中的促销活动和特价。"),
    )

    def clean_at(self):
        # a moment the database can store in UTC either side (year 1 in Shanghai is not)
        at = self.cleaned_data["at"]
        if not PREVIEW_YEARS[0] <= at.year <= PREVIEW_YEARS[1]:
            raise forms.ValidationError(
                _("请选择 %(first)s 至 %(last)s 年之间的时间。")
                % {"first": PREVIEW_YEARS[0], "last": PREVIEW_YEARS[1]}
            )
        return at


def may_preview(user, page: HomePage | None = None) -> bool:
    """Who may see the homepage at another moment: its editors, and marketing (campaigns)."""
    if user.has_perm("marketing.change_campaign"):
        return True
    page = page or HomePage.objects.first()
    return page is not None and page.permissions_for_user(user).can_edit()


def homepage_preview_at(request: HttpRequest) -> HttpResponse:
    """A form for the moment; given one (``?at=``), the homepage's latest revision as then.
    The shop has one homepage (``HomePage.max_count``)."""
    page = get_object_or_404(HomePage.objects.order_by("pk")[:1])
    if not may_preview(request.user, page):
        raise PermissionDenied
    form = PreviewMomentForm(request.GET if "at" in request.GET else None)
    if not form.is_valid():
        context = {"form": form, "page": page, "now": timezone.localtime()}
        return TemplateResponse(request, "home/admin/preview_at.html", context)
    latest = page.get_latest_revision_as_object()
    with pricing_moment(form.cleaned_data["at"]):
        response = latest.serve_preview(request, latest.default_preview_mode)
        if hasattr(response, "render"):
            response.render()  # inside the moment: the template reads the tiles and prices
    response["Cache-Control"] = "private, no-store"
    return response
