"""The order actions of the Wagtail admin (``wagtail_hooks.OrderAdmin``): inspect, ship, cancel,
refund, retry a failed refund.

Each action is a POST behind a confirmation page, so no link can change an order, and each
calls one service; a domain error the service raises (the order moved on meanwhile, an amount
above what is left) is shown on the form or as a message, never as a server error.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.views import InspectView, InstanceSpecificView

from freshsite.errors import DomainError

from . import selectors, services
from .models import Courier, OrderInfo, OrderRefund, OrderStatus, RefundStatus

REASON_MAX_LENGTH = 200  # OrderInfo.cancel_reason and OrderRefund.reason
MONEY_FIELDS = (
    "total_price",
    "discount",
    "freight",
    "amount_due",
    "paid_amount",
    "refunded_amount",
)


def _yuan(value) -> str:
    return f"¥{value:,.2f}"


def _refunded_line_ids(order: OrderInfo) -> set[int]:
    """Lines already in a refund that has not failed: they are not offered again."""
    refunds = order.refunds.exclude(status=RefundStatus.FAILED).values_list("line_ids", flat=True)
    return {line_id for line_ids in refunds for line_id in line_ids or ()}


class OrderInspectView(InspectView):
    """The order with its money in yuan, its lines and its refunds (failed ones retryable)."""

    def get_field_label(self, field_name, field=None):
        if field_name == "user":  # the model's foreign key has no Chinese name of its own
            return _gettext("下单用户")
        if field_name == "amount_due":  # a property: goods - discount + freight
            return _gettext("实付")
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field=None):
        if field_name in MONEY_FIELDS:
            return _yuan(getattr(self.instance, field_name))
        return super().get_field_display_value(field_name, field)

    def get_context_data(self, **kwargs):
        order = self.instance
        user = self.request.user
        return super().get_context_data(
            lines=list(order.lines.all()),
            refunds=list(order.refunds.select_related("created_by")),
            refundable=selectors.order_refundable_amount(order=order),
            can_retry=self.permission_helper.user_can_refund(user),
            retry_url=self.url_helper.get_action_url("refund_retry", self.pk_quoted),
            **kwargs,
        )


class OrderActionView(InstanceSpecificView):
    """A confirmation page whose POST acts on the order, then goes back to the order."""

    @cached_property
    def inspect_url(self) -> str:
        return self.url_helper.get_action_url("inspect", self.pk_quoted)

    def action_allowed(self) -> bool:
        """Whether the order's status allows the action (checked again by the service)."""
        return True

    def get(self, request, *args, **kwargs):
        if not self.action_allowed():
            messages.error(
                request,
                _gettext("订单 %(order)s 当前（%(status)s）不能%(action)s。")
                % {
                    "order": self.instance.pk,
                    "status": self.instance.get_status_display(),
                    "action": self.page_title,
                },
            )
            return redirect(self.inspect_url)
        return super().get(request, *args, **kwargs)


class ShipForm(forms.Form):
    courier = forms.ChoiceField(
        label=_("快递公司"), choices=[("", _("请选择快递公司")), *Courier.choices]
    )
    tracking_no = forms.RegexField(
        label=_("快递单号"),
        regex=services.TRACKING_NO_PATTERN,
        max_length=32,
        help_text=_("字母、数字和连字符，最多 32 位。顾客能在订单页和发货邮件里看到。"),
        error_messages={"invalid": _("快递单号只能包含字母、数字和连字符，最多 32 位。")},
    )


class ShipView(OrderActionView):
    """A form for the courier and tracking number, then the order is marked shipped."""

    page_title = _("发货")
    template_name = "shop/admin/ship_order.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_change(user)

    def action_allowed(self) -> bool:
        return self.instance.status in services.ORDER_SHIPPABLE

    def get_meta_title(self):
        return _gettext("发货：订单 %(order)s") % {"order": self.instance.pk}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ShipForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = ShipForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.order_ship(order_id=self.instance.pk, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _gettext("订单 %(order)s 已标为已发货。") % {"order": self.instance.pk}
            )
        return redirect(self.index_url)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("取消原因"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("顾客能在订单页看到这个原因。"),
    )


class CancelView(OrderActionView):
    """Cancel an unpaid, cash-on-delivery or paid-not-shipped order; a paid one is refunded."""

    page_title = _("取消订单")
    template_name = "shop/admin/cancel_order.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_change(user)

    def action_allowed(self) -> bool:
        return self.permission_helper.order_cancellable(self.instance)

    def get_meta_title(self):
        return _gettext("取消订单 %(order)s") % {"order": self.instance.pk}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", CancelForm())
        return super().get_context_data(
            refund_amount=selectors.order_refundable_amount(order=self.instance),
            inspect_url=self.inspect_url,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = CancelForm(request.POST)
        if form.is_valid():
            try:
                order = services.order_cancel(
                    order_id=self.instance.pk,
                    staff=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, self._done_message(order))
                return redirect(self.inspect_url)
        return self.render_to_response(self.get_context_data(form=form))

    def _done_message(self, order: OrderInfo) -> str:
        text = _gettext("订单 %(order)s 已取消，库存已退回。") % {"order": order.pk}
        refund = order.refunds.order_by("-created_at").first()
        if order.status == OrderStatus.REFUNDING and refund is not None:
            text += _gettext("退款 %(amount)s 已提交（退款单号 %(refund)s）。") % {
                "amount": _yuan(refund.amount),
                "refund": refund.refund_no,
            }
        return text


class RefundForm(forms.Form):
    line_ids = forms.TypedMultipleChoiceField(
        label=_("按商品退款"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    amount = forms.DecimalField(
        label=_("或按金额退款（元）"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
    )
    reason = forms.CharField(
        label=_("退款原因"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("例如：坏果包赔、少发漏发。顾客能在订单页看到这个原因。"),
    )

    def __init__(self, *args, order: OrderInfo, left: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.left = left
        refunded = _refunded_line_ids(order)
        self.fields["line_ids"].choices = [
            (line.pk, f"{line.name} × {line.count}　{_yuan(line.subtotal)}")
            for line in order.lines.all()
            if line.pk not in refunded
        ]
        self.fields["amount"].help_text = _gettext("最多可退 %(left)s。") % {"left": _yuan(left)}

    def clean(self):
        data = super().clean()
        line_ids, amount = data.get("line_ids"), data.get("amount")
        if line_ids and amount is not None:
            raise forms.ValidationError(_gettext("请选择商品或填写金额，不要两样都填。"))
        if not line_ids and amount is None and "amount" not in self.errors:
            raise forms.ValidationError(_gettext("请选择要退款的商品或填写退款金额。"))
        if amount is not None and amount > self.left:
            self.add_error(
                "amount",
                _gettext("退款金额超过了可退金额（剩 %(left)s）。") % {"left": _yuan(self.left)},
            )
        return data


class RefundView(OrderActionView):
    """A quality claim (坏果包赔): refund chosen lines or an amount, with a reason."""

    page_title = _("退款")
    template_name = "shop/admin/refund_order.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_refund(user)

    def action_allowed(self) -> bool:
        return self.permission_helper.order_refundable(self.instance)

    def get_meta_title(self):
        return _gettext("退款：订单 %(order)s") % {"order": self.instance.pk}

    @cached_property
    def left(self) -> Decimal:
        return selectors.order_refundable_amount(order=self.instance)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", RefundForm(order=self.instance, left=self.left))
        return super().get_context_data(
            left=self.left,
            refunds=list(self.instance.refunds.select_related("created_by")),
            inspect_url=self.inspect_url,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = RefundForm(request.POST, order=self.instance, left=self.left)
        if form.is_valid():
            try:
                refund = services.order_refund(
                    order_id=self.instance.pk,
                    staff=request.user,
                    reason=form.cleaned_data["reason"],
                    amount=form.cleaned_data["amount"],
                    line_ids=form.cleaned_data["line_ids"] or None,
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _gettext("退款 %(amount)s 已提交（退款单号 %(refund)s）。")
                    % {"amount": _yuan(refund.amount), "refund": refund.refund_no},
                )
                return redirect(self.inspect_url)
        return self.render_to_response(self.get_context_data(form=form))


class RefundRetryView(OrderActionView):
    """Ask the gateway again for one of the order's failed refunds (a POST from the order)."""

    http_method_names = ["post"]

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_refund(user)

    def post(self, request, *args, **kwargs):
        refund_no = request.POST.get("refund_no", "")
        if not OrderRefund.objects.filter(pk=refund_no, order=self.instance).exists():
            messages.error(request, _gettext("退款记录不存在。"))
            return redirect(self.inspect_url)
        try:
            services.refund_retry(refund_no=refund_no, staff=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _gettext("退款 %(refund)s 已重新提交。") % {"refund": refund_no}
            )
        return redirect(self.inspect_url)
