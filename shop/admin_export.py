"""The orders list's spreadsheet export (CSV, or XLSX), with the list's current filters and
search: wagtail-modeladmin's ``IndexView`` exports ``self.queryset``, the list as filtered.

Each column is one entry of ``EXPORT_COLUMNS``: a Chinese heading and how to read the value.
Money stays a ``Decimal`` (a number in XLSX, ``12.50`` in CSV) and the time is the shop's
local time. A text cell that starts like a formula (``=``, ``+``, ``-``, ``@``, a tab or a
carriage return: OWASP's "CSV injection" list) is written with a leading ``'`` in the CSV, so a
spreadsheet shows it as text instead of running it; Wagtail's XLSX writer already stores such
cells as text. The CSV starts with a UTF-8 byte order mark, which Excel needs to read Chinese.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.views import IndexView

from .models import OrderInfo

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _local_time(order: OrderInfo):
    # naive local time: the spreadsheet shows the shop's clock, without an offset to parse
    return timezone.localtime(order.created_at).replace(tzinfo=None, microsecond=0)


# (field, heading, value of an order)
EXPORT_COLUMNS: tuple[tuple[str, str, Callable[[OrderInfo], object]], ...] = (
    ("order_id", _("订单号"), lambda order: order.order_id),
    ("created_at", _("下单时间"), _local_time),
    ("user", _("下单用户"), lambda order: order.user.username),
    ("status", _("订单状态"), lambda order: order.get_status_display()),
    ("pay_method", _("支付方式"), lambda order: order.get_pay_method_display()),
    ("total_count", _("商品件数"), lambda order: order.total_count),
    ("total_price", _("商品总额"), lambda order: order.total_price),
    ("discount", _("优惠金额"), lambda order: order.discount),
    ("discount_label", _("优惠说明"), lambda order: order.discount_label),
    ("coupon_code", _("优惠券码"), lambda order: order.coupon_code),
    ("freight", _("运费"), lambda order: order.freight),
    ("amount_due", _("应付金额"), lambda order: order.amount_due),
    ("paid_amount", _("已付金额"), lambda order: order.paid_amount),
    ("refunded_amount", _("已退金额"), lambda order: order.refunded_amount),
    ("receiver", _("收件人"), lambda order: order.receiver),
    ("receiver_phone", _("联系电话"), lambda order: order.receiver_phone),
    ("receiver_address", _("收货地址"), lambda order: order.receiver_address),
    ("delivery_slot_text", _("配送时间"), lambda order: order.delivery_slot_text),
    ("courier", _("快递公司"), lambda order: order.get_courier_display()),
    ("tracking_no", _("快递单号"), lambda order: order.tracking_no),
)
EXPORT_FIELDS = tuple(field for field, _heading, _value in EXPORT_COLUMNS)


def spreadsheet_safe(value):
    """Text a spreadsheet would take for a formula, made plain text with a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class OrderIndexView(IndexView):
    """The orders list; ``?export=csv`` (or ``xlsx``) downloads the rows it shows, all pages."""

    export_buttons_template_name = "shop/admin/export_buttons.html"
    export_headings = {field: heading for field, heading, _value in EXPORT_COLUMNS}
    _values = {field: value for field, _heading, value in EXPORT_COLUMNS}

    def get_filename(self) -> str:
        return f"orders-{timezone.localdate():%Y%m%d}"

    def to_row_dict(self, item):
        return OrderedDict((field, self._values[field](item)) for field in self.list_export)

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return spreadsheet_safe(value)
        return value

    def stream_csv(self, queryset):
        rows = super().stream_csv(queryset)
        yield "\ufeff".encode() + next(rows)  # the byte order mark, before the headings
        yield from rows
