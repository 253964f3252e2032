"""Staff ship an order with a courier and a tracking number; the shopper sees them on the
order's page, in the orders list and in the shipped mail."""

import pytest
from django.core import mail

from catalog.tests.factories import SKUFactory
from freshsite.errors import InvalidInput
from shop.exceptions import OrderWrongStatus
from shop.models import Courier, OrderInfo, OrderStatus, PayMethod
from shop.services import order_ship
from shop.services.mails import order_mail_send

from .order_builders import order_made

pytestmark = pytest.mark.django_db

SHIP = "/admin/shop/orderinfo/ship/{}/"


@pytest.fixture
def order():
    return order_made(
        (SKUFactory(name="红富士苹果"), 2),
        pay_method=PayMethod.CASH_ON_DELIVERY,
        status=OrderStatus.CASH_ON_DELIVERY,
    )


def reloaded(order) -> OrderInfo:
    return OrderInfo.objects.get(pk=order.pk)


def test_the_ship_form_requires_a_courier_and_a_valid_tracking_number(admin_client, order):
    page = admin_client.get(SHIP.format(order.pk)).content.decode()
    assert "快递公司" in page and "快递单号" in page and "顺丰速运" in page and "EMS" in page

    for data in (
        {},
        {"courier": "sf", "tracking_no": ""},
        {"courier": "", "tracking_no": "SF1234567890"},
        {"courier": "dhl", "tracking_no": "SF1234567890"},
        {"courier": "sf", "tracking_no": "SF 1234;567"},
        {"courier": "sf", "tracking_no": "S" * 33},
    ):
        refused = admin_client.post(SHIP.format(order.pk), data)
        assert refused.status_code == 200 and refused.context["form"].errors, data
        assert reloaded(order).status == OrderStatus.CASH_ON_DELIVERY

    done = admin_client.post(SHIP.format(order.pk), {"courier": "sf", "tracking_no": "SF-0012a"})
    assert done.status_code == 302
    shipped = reloaded(order)
    assert (shipped.status, shipped.courier, shipped.tracking_no) == ("shipped", "sf", "SF-0012a")
    assert shipped.shipped_at is not None


def test_the_shopper_sees_the_courier_and_tracking_number(client, admin_client, order):
    client.force_login(order.user)
    assert "快递单号" not in client.get(f"/accounts/orders/{order.pk}/").content.decode()

    admin_client.post(SHIP.format(order.pk), {"courier": "jd", "tracking_no": "JDVA0001234"})
    for url in (f"/accounts/orders/{order.pk}/", "/accounts/orders/"):
        html = client.get(url).content.decode()
        assert "京东物流" in html and "JDVA0001234" in html, url


def test_the_shipped_mail_tells_the_courier_and_tracking_number(order):
    order_ship(order_id=order.pk, courier=Courier.ZTO, tracking_no="78123456789")
    order_mail_send(order_id=order.pk, kind="shipped")
    sent = mail.outbox[-1]
    assert "中通快递" in sent.body and "78123456789" in sent.body
    html = sent.alternatives[0][0]
    assert "中通快递" in html and "78123456789" in html


def test_the_service_checks_its_input_and_the_status(order):
    with pytest.raises(InvalidInput):
        order_ship(order_id=order.pk, courier="dhl", tracking_no="1")
    with pytest.raises(InvalidInput):
        order_ship(order_id=order.pk, courier="sf", tracking_no="SF 1")
    assert reloaded(order).status == OrderStatus.CASH_ON_DELIVERY
    order_ship(order_id=order.pk, courier="ems", tracking_no="EA123456789CN")
    with pytest.raises(OrderWrongStatus):  # a second click moves nothing, changes nothing
        order_ship(order_id=order.pk, courier="sf", tracking_no="SF999")
    assert (reloaded(order).courier, reloaded(order).tracking_no) == ("ems", "EA123456789CN")
