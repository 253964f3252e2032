"""到货通知 when an order gives its stock back (issue 16): cancelled by the shopper, or by the
unpaid-order timeout; the stock service announces it and the waiting shopper is mailed once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import RestockAlert
from accounts.tests.factories import UserFactory
from catalog.models import GoodsSKU
from catalog.tests.factories import SKUFactory
from shop.models import OrderInfo
from shop.services import order_cancel, orders_cancel_unpaid

from .factories import order_committed, shopper_with_cart


@pytest.mark.parametrize("how", ["shopper_cancels", "unpaid_timeout"])
def test_stock_given_back_by_an_order_mails_the_waiting_shopper(
    client, celery_worker, wait_for, mailoutbox, how
):
    sku = SKUFactory(stock=2, name="帝王蟹")
    buyer, address = shopper_with_cart({sku: 2})
    client.force_login(buyer)
    pay_method = "cod" if how == "shopper_cancels" else "sandbox"
    order_id = order_committed(client, address=address, skus=[sku], pay_method=pay_method)
    assert GoodsSKU.objects.get(pk=sku.pk).stock == 0
    waiting = UserFactory()
    client.force_login(waiting)
    assert client.post("/accounts/restock-alerts/", {"sku_id": sku.pk}).json() == {"ok": True}

    if how == "shopper_cancels":
        order_cancel(order_id=order_id, user=buyer)
    else:
        OrderInfo.objects.update(created_at=timezone.now() - timedelta(hours=1))
        assert orders_cancel_unpaid(older_than_minutes=30) == 1

    assert GoodsSKU.objects.get(pk=sku.pk).stock == 2
    wait_for(lambda: [m.to for m in mailoutbox] == [[waiting.email]])
    assert "帝王蟹" in mailoutbox[0].subject
    wait_for(lambda: RestockAlert.objects.get().notified_at is not None)
