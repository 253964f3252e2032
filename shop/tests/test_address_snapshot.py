"""An order keeps the address's full text (province city district street, issue 16)."""

import pytest
from django.urls import reverse

from accounts.models import Address
from catalog.tests.factories import SKUFactory
from shop.models import OrderInfo
from shop.tests.factories import order_committed, shopper_with_cart

pytestmark = pytest.mark.django_db


def test_the_order_keeps_the_full_text_of_the_address(client):
    sku = SKUFactory(stock=5)
    user, address = shopper_with_cart({sku: 1})
    Address.objects.filter(pk=address.pk).update(
        province="广东省", city="深圳市", district="南山区", address="科技园1号", zip_code=""
    )
    client.force_login(user)

    order_id = order_committed(client, address=address, skus=[sku])

    order = OrderInfo.objects.get(pk=order_id)
    assert order.receiver_address == "广东省深圳市南山区科技园1号"
    assert order.receiver_zip_code == ""
    page = client.get(reverse("shop:order_detail", args=[order_id])).content.decode()
    assert "广东省深圳市南山区科技园1号" in page
