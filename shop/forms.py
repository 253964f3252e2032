"""Forms of the shop: the comment form of a received order."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OrderGoods, OrderInfo
from .services.orders import COMMENT_MAX_LENGTH


class OrderCommentForm(forms.Form):
    """One optional text box per line of the order (``line_<id>``)."""

    def __init__(self, *args, order: OrderInfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: list[OrderGoods] = list(order.lines.all())
        for line in self.lines:
            self.fields[self.field_name(line)] = forms.CharField(
                label=line.name,
                required=False,
                max_length=COMMENT_MAX_LENGTH,
                widget=forms.Textarea(
                    attrs={"rows": 3, "placeholder": _("口感、新鲜度、包装……说说你的感受")}
                ),
            )

    @staticmethod
    def field_name(line: OrderGoods) -> str:
        return f"line_{line.pk}"

    def line_fields(self):
        """(line, bound field) pairs, for the template to show each line beside its box."""
        return [(line, self[self.field_name(line)]) for line in self.lines]

    def comments(self) -> dict[int, str]:
        return {line.pk: self.cleaned_data[self.field_name(line)] for line in self.lines}
