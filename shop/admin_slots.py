"""Delivery slots in the Wagtail admin (a snippet under 配送时段, beside 订单), and the orders
list's filter by delivery day.

Editors change a slot's times and capacity, add a slot or delete one; the places booked are
the orders' (never edited here: ``DeliverySlot.save`` leaves them out). The next days' slots
are created from the daily times by ``delivery_slots_ensure_task``.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.admin import SimpleListFilter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import DeliverySlot


class DeliverySlotViewSet(SnippetViewSet):
    model = DeliverySlot
    icon = "time"
    menu_label = _("配送时段")
    menu_name = "delivery-slots"
    menu_order = 301  # right after 订单
    add_to_admin_menu = True
    list_display = [
        "date",
        Column("time_range", label=_("时段")),
        "capacity",
        "booked",
        Column("remaining", label=_("剩余")),
    ]
    list_filter = ["date"]
    ordering = ["-date", "starts_at"]
    panels = [
        FieldPanel("date"),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
        FieldPanel("capacity", help_text=_("这个时段最多可约的订单数，不能少于已约单数。")),
    ]


class DeliveryDayFilter(SimpleListFilter):
    """The orders list by the day of their delivery slot: today, tomorrow, the day after."""

    title = _("配送日期")
    parameter_name = "delivery_day"

    def lookups(self, request, model_admin):
        return [
            ("0", _("今天")),
            ("1", _("明天")),
            ("2", _("后天")),
            ("none", _("未选时段")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(delivery_slot_text="")
        if value in {"0", "1", "2"}:
            day = timezone.localdate() + timedelta(days=int(value))
            return queryset.filter(delivery_slot_text__startswith=f"{day:%Y-%m-%d} ")
        return queryset
