"""Goods in the Wagtail admin: SPUs and SKUs as snippet viewsets, grouped under one menu.

Snippets (rather than wagtail-modeladmin) because they give SKUs a chooser, so homepage
StreamField blocks can pick goods, plus revisions-free fast editing, filters and search.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from . import stock
from .admin_ui import PictureColumn, YesNoColumn, with_chooser_thumbs
from .forms import GoodsChooserFilterForm
from .models import GoodsSKU, GoodsSPU


class GoodsSPUViewSet(SnippetViewSet):
    model = GoodsSPU
    icon = "folder-open-inverse"
    menu_label = _("商品 SPU")
    list_display = ["name", "updated_at"]
    search_fields = ["name"]
    search_backend_name = None  # plain icontains: works for Chinese on every database
    ordering = ["-id"]


class GoodsChooserColumns:
    """The SKU chooser's rows show each SKU's picture, loaded with the page of rows."""

    filter_form_class = GoodsChooserFilterForm

    @property
    def columns(self):
        return [PictureColumn(), *super().columns]

    def get_object_list(self):
        return with_chooser_thumbs(super().get_object_list())


class GoodsChooseView(GoodsChooserColumns, ChooseView):
    pass


class GoodsChooseResultsView(GoodsChooserColumns, ChooseResultsView):
    pass


class GoodsSKUChooserViewSet(SnippetChooserViewSet):
    choose_view_class = GoodsChooseView
    choose_results_view_class = GoodsChooseResultsView


class StockAnnouncingSave:
    """An editor's save of a SKU reports its stock change to the stock service."""

    def save_instance(self):
        before = self.form.initial.get("stock")  # the row as loaded for this request
        sku = super().save_instance()
        stock.stock_edited(sku_id=sku.pk, before=before, after=sku.stock)
        return sku


class GoodsSKUCreateView(StockAnnouncingSave, CreateView):
    pass


class GoodsSKUEditView(StockAnnouncingSave, EditView):
    pass


class GoodsSKUViewSet(SnippetViewSet):
    model = GoodsSKU
    add_view_class = GoodsSKUCreateView
    edit_view_class = GoodsSKUEditView
    chooser_viewset_class = GoodsSKUChooserViewSet
    icon = "tag"
    menu_label = _("商品 SKU")
    list_display = [
        "name",
        "category",
        "price",
        "stock",
        "sales",
        YesNoColumn("is_on_sale", label=GoodsSKU._meta.get_field("is_on_sale").verbose_name),
    ]
    list_filter = ["category", "is_on_sale"]
    search_fields = ["name", "description"]
    search_backend_name = None
    ordering = ["-id"]
    list_per_page = 50


class GoodsViewSetGroup(SnippetViewSetGroup):
    items = (GoodsSKUViewSet, GoodsSPUViewSet)
    menu_icon = "list-ul"
    menu_label = _("商品管理")
    menu_name = "goods"
    menu_order = 200


register_snippet(GoodsViewSetGroup)
