"""Pieces of the goods admin: the SKU chooser's picture column, a yes/no column in Chinese,
and the read-only list of an SPU's SKUs on its edit page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.admin.ui.tables import BooleanColumn, Column

from .renditions import with_renditions

CHOOSER_THUMB_RENDITION = "fill-50x50"


class PictureColumn(Column):
    """A SKU's main picture as a small rendition (load the rows ``with_chooser_thumbs``)."""

    cell_template_name = "catalog/admin/picture_cell.html"

    def __init__(self, name: str = "image", **kwargs):
        kwargs.setdefault("label", _("图片"))
        kwargs.setdefault("sort_key", None)
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["rendition"] = CHOOSER_THUMB_RENDITION
        return context


def with_chooser_thumbs(queryset):
    """SKUs with their chooser thumbnails: two queries however many rows."""
    return with_renditions(queryset, "image", CHOOSER_THUMB_RENDITION)


class YesNoColumn(BooleanColumn):
    """Wagtail's tick/cross column, titled 是/否 rather than Python's True/False."""

    cell_template_name = "catalog/admin/yes_no_cell.html"


class SKUListPanel(Panel):
    """The SKUs of the SPU being edited, each linked to its edit page (read-only: a SKU is
    edited on its own page, where its stock changes go through the stock service)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("规格（SKU）"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "catalog/admin/spu_skus_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            spu = self.instance
            skus = spu.skus.order_by("id") if spu is not None and spu.pk else []
            context["skus"] = [
                (sku, reverse("wagtailsnippets_catalog_goodssku:edit", args=[sku.pk]))
                for sku in skus
            ]
            context["add_url"] = reverse("wagtailsnippets_catalog_goodssku:add")
            return context
