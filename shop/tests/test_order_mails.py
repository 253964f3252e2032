"""Mails to the shopper about an order: paid, shipped, refunded (``services.mails``)."""

from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import UserFactory
from shop.models import OrderGoods, OrderInfo, OrderRefund, OrderStatus, RefundStatus
from shop.services.mails import order_mail_send

pytestmark = pytest.mark.django_db

ORDER_ID = "20260101120000123456789012"


def order_paid(user, *, order_id: str = ORDER_ID) -> OrderInfo:
    order = OrderInfo.objects.create(
        order_id=order_id,
        user=user,
        receiver="张三",
        receiver_address="北京市海淀区中关村大街1号",
        receiver_zip_code="100080",
        receiver_phone="13800138000",
        pay_method="sandbox",
        total_count=3,
        total_price=Decimal("89.70"),
        freight=Decimal("10.00"),
        status=OrderStatus.PAID,
        trade_no="T1",
        paid_amount=Decimal("99.70"),
        paid_at=timezone.now(),
    )
    OrderGoods.objects.create(
        order=order, name="草莓 500g & 礼盒", unit="盒", price=Decimal("29.90"), count=3
    )
    return order


def refund_done(order: OrderInfo, refund_no: str, amount: str) -> OrderRefund:
    order.refunded_amount += Decimal(amount)
    order.save(update_fields=["refunded_amount"])
    return OrderRefund.objects.create(
        refund_no=refund_no,
        order=order,
        amount=Decimal(amount),
        reason="坏果包赔",
        status=RefundStatus.SUCCEEDED,
        finished_at=timezone.now(),
    )


@pytest.mark.parametrize(
    ("kind", "subject_word", "body_words"),
    [
        ("paid", "已支付", ["已支付成功", "¥99.70", "草莓 500g & 礼盒"]),
        ("shipped", "已发货", ["已发货", "¥99.70", "北京市海淀区中关村大街1号"]),
    ],
)
def test_paid_and_shipped_mails_go_to_the_shopper(settings, kind, subject_word, body_words):
    settings.SITE_URL = "https://fresh.example.com/"
    order = order_paid(UserFactory(username="buyer", email="buyer@example.com"))

    order_mail_send(order_id=order.pk, kind=kind)

    [message] = mail.outbox
    assert message.to == ["buyer@example.com"]
    assert ORDER_ID in message.subject and subject_word in message.subject
    link = f"https://fresh.example.com/accounts/orders/{ORDER_ID}/"
    html = message.alternatives[0][0]
    for word in [*body_words, link, "buyer"]:
        assert word in message.body
    assert link in html and "草莓 500g &amp; 礼盒" in html


def test_refund_mail_says_this_refund_and_the_total_refunded():
    order = order_paid(UserFactory(email="buyer@example.com"))
    refund_done(order, "R1", "29.90")
    refund_done(order, "R2", "10.00")
    OrderRefund.objects.create(  # still at the gateway: not counted as refunded yet
        refund_no="R3", order=order, amount=Decimal("5.00"), reason="少称"
    )

    order_mail_send(order_id=order.pk, kind="refunded", refund_no="R2")

    [message] = mail.outbox
    assert message.to == ["buyer@example.com"] and "已退款" in message.subject
    assert "本次退款：¥10.00" in message.body
    assert "累计已退：¥39.90" in message.body
    assert "R2" in message.body and "坏果包赔" in message.body
    assert "¥10.00" in message.alternatives[0][0]


@pytest.mark.parametrize("kind", ["paid", "shipped", "refunded"])
def test_no_mail_without_an_address(kind):
    order = order_paid(UserFactory(email=""))
    refund_done(order, "R1", "1.00")

    order_mail_send(order_id=order.pk, kind=kind, refund_no="R1")

    assert mail.outbox == []


def test_no_mail_for_a_missing_order_or_refund():
    order = order_paid(UserFactory(email="buyer@example.com"))
    order_mail_send(order_id="nope", kind="paid")
    order_mail_send(order_id=order.pk, kind="refunded", refund_no="R404")
    assert mail.outbox == []
    with pytest.raises(ValueError):
        order_mail_send(order_id=order.pk, kind="lost")
