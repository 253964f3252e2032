"""Staff find and read orders in the Wagtail admin (wagtail-modeladmin)."""

import pytest

from catalog.tests.factories import SKUFactory

from .factories import order_committed, shopper_with_cart

pytestmark = pytest.mark.django_db


def test_staff_list_search_and_inspect_orders(admin_client, client):
    sku = SKUFactory(name="草莓")
    user, address = shopper_with_cart({sku: 2}, username="buyer_one")
    client.force_login(user)
    order_id = order_committed(client, address=address, skus=[sku])

    listing = admin_client.get("/admin/shop/orderinfo/", {"q": "buyer_one"})
    assert listing.status_code == 200 and order_id in listing.content.decode()
    inspect = admin_client.get(f"/admin/shop/orderinfo/inspect/{order_id}/")
    assert inspect.status_code == 200 and address.address in inspect.content.decode()
    assert admin_client.get("/admin/shop/orderinfo/create/").status_code in (302, 403)
