"""The 客服 group seed_demo creates: its permissions, and that its members refund orders."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory
from demo.staff import SERVICE_GROUP_NAME, service_group_ensure
from shop.models import OrderRefund, OrderStatus
from shop.tests.test_admin_refunds import order_with_lines

pytestmark = pytest.mark.django_db


def test_the_group_is_created_once_and_keeps_what_was_added_by_hand():
    group, created = service_group_ensure()
    assert created and group.name == SERVICE_GROUP_NAME == "客服"
    assert {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} == {
        "wagtailadmin.access_admin",
        "shop.view_orderinfo",
        "shop.change_orderinfo",
        "shop.refund_orderinfo",
    }
    group.permissions.add(Permission.objects.get(codename="view_goodssku"))

    again, created = service_group_ensure()
    assert again == group and not created
    assert group.permissions.count() == 5


def test_a_member_of_the_group_refunds_and_cancels_orders_in_the_admin(client):
    group, _created = service_group_ensure()
    member = UserFactory()
    member.groups.add(group)
    client.force_login(member)
    paid = order_with_lines((SKUFactory(price=Decimal("29.90")), 2))  # paid 69.80
    orders = "/admin/shop/orderinfo/"

    assert client.get("/admin/").status_code == 200
    assert paid.pk in client.get(orders).content.decode()
    inspect = client.get(f"{orders}inspect/{paid.pk}/").content.decode()
    assert f"{orders}refund/{paid.pk}/" in inspect and f"{orders}cancel/{paid.pk}/" in inspect

    client.post(f"{orders}refund/{paid.pk}/", {"amount": "12.00", "reason": "坏果包赔"})
    refund = OrderRefund.objects.get()
    assert (refund.amount, refund.created_by) == (Decimal("12.00"), member)

    client.post(f"{orders}cancel/{paid.pk}/", {"reason": "顾客不要了"})
    paid.refresh_from_db()
    assert paid.status == OrderStatus.REFUNDING
    assert sorted(paid.refunds.values_list("amount", flat=True)) == [
        Decimal("12.00"),
        Decimal("57.80"),
    ]  # the cancel refunds what was left
