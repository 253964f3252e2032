from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm


class GoodsChooserFilterForm(BaseFilterForm):
    """The SKU chooser's search box: a substring match, which suits Chinese names.

    Full-text backends need word boundaries; MySQL's also skips words under three characters,
    and most Chinese goods names are made of two-character words.
    """

    q = forms.CharField(
        label=_("搜索"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("商品名称")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(Q(name__icontains=query) | Q(description__icontains=query))
            self.is_searching = True
            self.search_query = query
        return objects
