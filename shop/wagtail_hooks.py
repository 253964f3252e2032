"""Orders in the Wagtail admin through wagtail-modeladmin.

Orders are records, not content: staff look them up, filter by status and read one whole
(its lines inline), which modeladmin's index + inspect views give directly. Goods, which
editors create, edit and choose in homepage blocks, are snippets instead (catalog/).
"""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from .models import OrderInfo


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

    def amount(self, order: OrderInfo):
        return f"¥{order.amount_due:.2f}"

    amount.short_description = _("实付款")

    # Orders are placed by shoppers only; staff read them.
    def get_permission_helper_class(self):
        from wagtail_modeladmin.helpers import PermissionHelper

        class ReadOnlyOrders(PermissionHelper):
            def user_can_create(self, user):
                return False

            def user_can_delete_obj(self, user, obj):
                return False

        return ReadOnlyOrders


modeladmin_register(OrderAdmin)
