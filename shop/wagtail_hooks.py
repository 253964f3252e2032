"""Orders in the Wagtail admin through wagtail-modeladmin.

Orders are records, not content: staff look them up, filter by status and read one whole
(its lines and refunds), which modeladmin's index + inspect views give directly, ship paid
orders, cancel them and refund them (the views: ``admin_views``). Nobody edits an order's
fields: what was bought, for how much and where to is fixed when it is placed. Goods, which
editors create, edit and choose in homepage blocks, are snippets instead (catalog/).

The list downloads its rows, as filtered, as CSV or XLSX (``admin_export``); the admin's home
shows the sales panel (``dashboard``) to staff who may view orders. Delivery slots are a
snippet beside the orders (``admin_slots``).
"""

from django.urls import re_path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from . import selectors, services
from .admin_export import EXPORT_FIELDS, OrderIndexView
from .admin_slots import DeliveryDayFilter, DeliverySlotViewSet
from .admin_views import CancelView, OrderInspectView, RefundRetryView, RefundView, ShipView
from .dashboard import homepage_panels_add
from .models import OrderInfo
from .services.cancellation import CANCELLABLE_BY_STAFF
from .services.refunds import REFUND_PERMISSION, REFUNDABLE


class OrderPermissionHelper(PermissionHelper):
    """Orders are placed by shoppers only; staff read, ship and cancel them; 客服 refund them."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_change(self, user) -> bool:
        # has_perm wants the codename ("change_orderinfo"), not the bare action
        return self.user_has_specific_permission(user, self.get_perm_codename("change"))

    def user_can_ship_obj(self, user, obj):
        return obj.status in services.ORDER_SHIPPABLE and self.user_can_change(user)

    def order_cancellable(self, obj) -> bool:
        return obj.status in CANCELLABLE_BY_STAFF

    def user_can_cancel_obj(self, user, obj):
        return self.order_cancellable(obj) and self.user_can_change(user)

    def user_can_refund(self, user) -> bool:
        return user.has_perm(REFUND_PERMISSION)

    def order_refundable(self, obj) -> bool:
        return obj.status in REFUNDABLE and selectors.order_refundable_amount(order=obj) > 0

    def user_can_refund_obj(self, user, obj):
        return self.user_can_refund(user) and self.order_refundable(obj)


class OrderButtonHelper(ButtonHelper):
    # (action, label, title, may the user) for each order action, in the order shown
    ACTIONS = (
        ("ship", _("发货"), _("把订单 %(order)s 标为已发货"), "user_can_ship_obj"),
        ("cancel", _("取消订单"), _("取消订单 %(order)s"), "user_can_cancel_obj"),
        ("refund", _("退款"), _("为订单 %(order)s 退款"), "user_can_refund_obj"),
    )

    def get_buttons_for_obj(self, obj, *args, **kwargs):
        buttons = super().get_buttons_for_obj(obj, *args, **kwargs)
        for action, label, title, allowed in self.ACTIONS:
            if getattr(self.permission_helper, allowed)(self.request.user, obj):
                buttons.append(
                    {
                        "url": self.url_helper.get_action_url(action, obj.pk),
                        "label": label,
                        "classname": self.finalise_classname(["button", "button-small"]),
                        "title": title % {"order": obj.pk},
                    }
                )
        return buttons


class OrderAdmin(ModelAdmin):
    model = OrderInfo
    menu_label = _("订单")
    menu_icon = "list-ol"
    menu_order = 300
    add_to_admin_menu = True
    list_display = (
        "order_id",
        "shopper",
        "status",  # its choices: shown in words, and every status is in the filter
        "pay_method",
        "total_count",
        "amount",
        "delivery_slot_text",  # the shipping list: when each order is to be delivered
        "created_at",
    )
    list_filter = ("status", DeliveryDayFilter, "pay_method", "created_at")
    search_fields = ("order_id", "user__username", "receiver", "receiver_phone")
    list_select_related = ("user",)
    # 下载 CSV / XLSX on the list: its rows under the current filters and search
    index_view_class = OrderIndexView
    list_export = EXPORT_FIELDS
    inspect_view_enabled = True
    inspect_view_class = OrderInspectView
    inspect_template_name = "shop/admin/inspect_order.html"
    inspect_view_fields = (
        "order_id",
        "user",
        "status",
        "pay_method",
        "trade_no",
        "receiver",
        "receiver_address",
        "receiver_zip_code",
        "receiver_phone",
        "delivery_slot_text",
        "total_count",
        "total_price",
        "discount",
        "discount_label",
        "coupon_code",
        "freight",
        "amount_due",
        "paid_amount",
        "paid_at",
        "refunded_amount",
        "cancel_reason",
        "courier",
        "tracking_no",
        "shipped_at",
        "created_at",
    )
    ordering = ("-created_at",)
    permission_helper_class = OrderPermissionHelper
    button_helper_class = OrderButtonHelper
    # action -> view of one order
    action_views = {
        "ship": ShipView,
        "cancel": CancelView,
        "refund": RefundView,
        "refund_retry": RefundRetryView,
    }

    def shopper(self, order: OrderInfo):
        return order.user.username

    shopper.short_description = _("下单用户")
    shopper.admin_order_field = "user__username"

    def amount(self, order: OrderInfo):
        return f"¥{order.amount_due:.2f}"

    amount.short_description = _("实付")

    def action_view(self, view_class):
        # modeladmin's views take the order's key when built, not as a URL argument
        def view(request, instance_pk):
            return view_class.as_view(model_admin=self, instance_pk=instance_pk)(request)

        return view

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + tuple(
            re_path(
                self.url_helper.get_action_url_pattern(action),
                self.action_view(view_class),
                name=self.url_helper.get_action_url_name(action),
            )
            for action, view_class in self.action_views.items()
        )


modeladmin_register(OrderAdmin)
register_snippet(DeliverySlotViewSet)
# the sales panel on the admin's home, for staff who may view orders
hooks.register("construct_homepage_panels", homepage_panels_add)
