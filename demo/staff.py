"""Staff groups of the demo shop: 客服 (customer service) reads orders, cancels and refunds them."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

SERVICE_GROUP_NAME = "客服"
# app_label.codename: the Wagtail admin, reading and changing orders (cancel, ship), refunds
SERVICE_GROUP_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "shop.view_orderinfo",
    "shop.change_orderinfo",
    "shop.refund_orderinfo",
)


def service_group_ensure() -> tuple[Group, bool]:
    """The 客服 group with its permissions; permissions added by hand in the admin stay."""
    group, created = Group.objects.get_or_create(name=SERVICE_GROUP_NAME)
    for name in SERVICE_GROUP_PERMISSIONS:
        app_label, codename = name.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group, created
