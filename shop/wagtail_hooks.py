"""Orders in the Wagtail admin through wagtail-modeladmin.

Orders are records, not content: staff look them up, filter by status and read one whole
(its lines inline), which modeladmin's index + inspect views give directly, and mark paid
orders shipped. Nobody edits an order's fields: what was bought, for how much and where to is
fixed when it is placed. Goods, which editors create, edit and choose in homepage blocks, are
snippets instead (catalog/).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import re_path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import InstanceSpecificView

from . import services
from .exceptions import ShopError
from .models import OrderInfo


class OrderPermissionHelper(PermissionHelper):
    """Orders are placed by shoppers only; staff read them and ship them."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_ship_obj(self, user, obj):
        return obj.status in services.ORDER_SHIPPABLE and self.user_has_specific_permission(
            user, "change"
        )


class OrderButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, *args, **kwargs):
        buttons = super().get_buttons_for_obj(obj, *args, **kwargs)
        if self.permission_helper.user_can_ship_obj(self.request.user, obj):
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("ship", obj.pk),
                    "label": _("发货"),
                    "classname": self.finalise_classname(["button", "button-small"]),
                    "title": _("把订单 %(order)s 标为已发货") % {"order": obj.pk},
                }
            )
        return buttons


class ShipView(InstanceSpecificView):
    """Confirm, then mark the order shipped (a POST: a link must never ship an order)."""

    page_title = _("发货")
    template_name = "shop/admin/ship_order.html"

    @method_decorator(login_required)
    def dispatch(self, request, *args, **kwargs):
        if not self.permission_helper.user_has_specific_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_meta_title(self):
        return _gettext("发货：订单 %(order)s") % {"order": self.instance.pk}

    def post(self, request, *args, **kwargs):
        try:
            services.order_ship(order_id=self.instance.pk)
        except ShopError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _gettext("订单 %(order)s 已标为已发货。") % {"order": self.instance.pk}
            )
        return redirect(self.index_url)


class OrderAdmin(ModelAdmin):
    model = OrderInfo
    menu_label = _("订单")
    menu_icon = "list-ol"
    menu_order = 300
    add_to_admin_menu = True
    list_display = (
        "order_id",
        "user",
        "status",
        "pay_method",
        "total_count",
        "amount",
        "created_at",
    )
    list_filter = ("status", "pay_method", "created_at")
    search_fields = ("order_id", "user__username", "receiver", "receiver_phone")
    list_select_related = ("user",)
    inspect_view_enabled = True
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
        "total_count",
        "total_price",
        "freight",
        "created_at",
    )
    ordering = ("-created_at",)
    permission_helper_class = OrderPermissionHelper
    button_helper_class = OrderButtonHelper

    def amount(self, order: OrderInfo):
        return f"¥{order.amount_due:.2f}"

    amount.short_description = _("实付款")

    def ship_view(self, request, instance_pk):
        return ShipView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            re_path(
                self.url_helper.get_action_url_pattern("ship"),
                self.ship_view,
                name=self.url_helper.get_action_url_name("ship"),
            ),
        )


modeladmin_register(OrderAdmin)
