"""Staff cancel and refund orders in the Wagtail admin; who may refund; failed refunds retried."""

import itertools
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory
from shop.models import OrderGoods, OrderInfo, OrderRefund, OrderStatus, PayMethod, RefundStatus

pytestmark = pytest.mark.django_db

ORDERS = "/admin/shop/orderinfo/"
_order_numbers = itertools.count(1)


def order_with_lines(
    *lines: tuple, status=OrderStatus.PAID, pay_method=PayMethod.SANDBOX, user=None
) -> OrderInfo:
    """An order of ``(sku, count)`` lines at the SKUs' prices (+ ¥10 freight), paid in full
    unless its status is unpaid or cash on delivery; the SKUs' stock already taken."""
    total = sum((sku.price * count for sku, count in lines), Decimal("0"))
    paid = status not in (OrderStatus.UNPAID, OrderStatus.CASH_ON_DELIVERY)
    order = OrderInfo.objects.create(
        order_id=f"{timezone.localtime():%Y%m%d%H%M%S}{next(_order_numbers):012d}",
        user=user or UserFactory(),
        receiver="张三",
        receiver_address="北京市海淀区中关村大街1号",
        receiver_zip_code="100080",
        receiver_phone="13800138000",
        pay_method=pay_method,
        total_count=sum(count for _sku, count in lines),
        total_price=total,
        freight=Decimal("10.00"),
        status=status,
        trade_no="T-paid" if paid else "",
        paid_amount=total + Decimal("10.00") if paid else Decimal("0"),
        paid_at=timezone.now() if paid else None,
    )
    for sku, count in lines:
        OrderGoods.objects.create(
            order=order, sku=sku, name=sku.name, unit=sku.unit, price=sku.price, count=count
        )
    return order


def staff_client(client, *permissions: str):
    """``client`` logged in as a staff user with the Wagtail admin and these permissions."""
    user = UserFactory(is_staff=True)
    for name in ("wagtailadmin.access_admin", *permissions):
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    client.force_login(user)
    return client


def url(order: OrderInfo, action: str) -> str:
    return f"{ORDERS}{action}/{order.pk}/"


# --- Cancelling -------------------------------------------------------------------------------
def test_staff_cancel_an_unpaid_order_with_a_reason(admin_client):
    sku = SKUFactory(stock=10, sales=2)
    order = order_with_lines((sku, 2), status=OrderStatus.UNPAID)

    inspect = admin_client.get(url(order, "inspect")).content.decode()
    assert url(order, "cancel") in inspect
    page = admin_client.get(url(order, "cancel"))
    assert page.status_code == 200 and "不涉及退款" in page.content.decode()

    no_reason = admin_client.post(url(order, "cancel"), {"reason": " "})
    assert no_reason.status_code == 200 and no_reason.context["form"].errors
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID

    done = admin_client.post(url(order, "cancel"), {"reason": "顾客电话要求取消"}, follow=True)
    assert done.redirect_chain[-1][0] == url(order, "inspect")
    order.refresh_from_db()
    sku.refresh_from_db()
    assert (order.status, order.cancel_reason) == (OrderStatus.CANCELLED, "顾客电话要求取消")
    assert (sku.stock, sku.sales) == (12, 0)
    html = done.content.decode()
    assert "已取消" in html and "顾客电话要求取消" in html
    assert url(order, "cancel") not in html  # not offered twice
    assert admin_client.get(url(order, "cancel")).status_code == 302


def test_staff_cancel_a_paid_order_and_it_is_refunded_in_full(admin_client):
    order = order_with_lines((SKUFactory(price=Decimal("29.90")), 3))

    page = admin_client.get(url(order, "cancel")).content.decode()
    assert "原路全额退款 ¥99.70" in page

    done = admin_client.post(url(order, "cancel"), {"reason": "缺货"}, follow=True)
    order.refresh_from_db()
    [refund] = order.refunds.all()
    assert f"退款 ¥99.70 已提交（退款单号 {refund.refund_no}）" in done.content.decode()
    assert order.status == OrderStatus.REFUNDING and order.cancel_reason == "缺货"
    assert refund.amount == order.refunded_amount == Decimal("99.70")
    assert refund.status == RefundStatus.PENDING


def test_a_shipped_order_cannot_be_cancelled_or_refunded(admin_client):
    order = order_with_lines((SKUFactory(), 1), status=OrderStatus.SHIPPED)

    html = admin_client.get(url(order, "inspect")).content.decode()
    assert url(order, "cancel") not in html and url(order, "refund") not in html
    assert admin_client.get(url(order, "cancel")).status_code == 302
    assert admin_client.get(url(order, "refund")).status_code == 302
    response = admin_client.post(url(order, "cancel"), {"reason": "晚了"})
    assert response.status_code == 200 and "不能取消" in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED


# --- Who may refund ---------------------------------------------------------------------------
def test_staff_without_the_refund_permission_see_no_button_and_are_refused(client):
    order = order_with_lines((SKUFactory(), 1))
    staff = staff_client(client, "shop.view_orderinfo", "shop.change_orderinfo")

    html = staff.get(url(order, "inspect")).content.decode()
    assert url(order, "cancel") in html and url(order, "refund") not in html
    assert url(order, "refund") not in staff.get(ORDERS).content.decode()
    # the views raise PermissionDenied: 403 for a script; Wagtail's admin turns it into its
    # "no permission" message on the dashboard for a page request
    xhr = {"headers": {"x-requested-with": "XMLHttpRequest"}}
    assert staff.get(url(order, "refund"), **xhr).status_code == 403
    assert (
        staff.post(url(order, "refund"), {"amount": "1", "reason": "x"}, **xhr).status_code == 403
    )
    assert staff.post(url(order, "refund_retry"), {"refund_no": "R1"}, **xhr).status_code == 403
    page = staff.post(url(order, "refund"), {"amount": "1", "reason": "x"}, follow=True)
    assert page.redirect_chain == [("/admin/", 302)]
    assert not OrderRefund.objects.exists()


def test_staff_with_the_refund_permission_see_the_button(client):
    order = order_with_lines((SKUFactory(), 1))
    staff = staff_client(client, "shop.view_orderinfo", "shop.refund_orderinfo")

    assert url(order, "refund") in staff.get(url(order, "inspect")).content.decode()
    assert staff.get(url(order, "refund")).status_code == 200


# --- Quality claims ---------------------------------------------------------------------------
def test_partial_refund_by_lines_then_by_amount(admin_client):
    strawberry, cherry = SKUFactory(price=Decimal("29.90")), SKUFactory(price=Decimal("88.00"))
    order = order_with_lines((strawberry, 2), (cherry, 1))  # paid 59.80 + 88 + 10 = 157.80
    line = order.lines.get(sku=strawberry)

    form = admin_client.get(url(order, "refund")).content.decode()
    assert "¥59.80" in form and "¥88.00" in form and "还可退 ¥157.80" in form

    response = admin_client.post(
        url(order, "refund"), {"line_ids": [line.pk], "reason": "坏果包赔"}, follow=True
    )
    assert response.redirect_chain[-1][0] == url(order, "inspect")
    refund = OrderRefund.objects.get()
    assert (refund.amount, refund.line_ids, refund.reason) == (
        Decimal("59.80"),
        [line.pk],
        "坏果包赔",
    )
    assert refund.created_by.is_superuser and refund.status == RefundStatus.PENDING
    html = response.content.decode()
    assert refund.refund_no in html and "坏果包赔" in html and "处理中" in html

    form = admin_client.get(url(order, "refund"))
    assert [value for value, _label in form.context["form"].fields["line_ids"].choices] == [
        order.lines.get(sku=cherry).pk
    ]  # a line refunded is not offered again
    admin_client.post(url(order, "refund"), {"amount": "5.50", "reason": "少称"})
    order.refresh_from_db()
    assert order.refunded_amount == Decimal("65.30")
    assert sorted(order.refunds.values_list("amount", flat=True)) == [
        Decimal("5.50"),
        Decimal("59.80"),
    ]


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"amount": "39.91", "reason": "坏果"}, "amount", "超过了可退金额（剩 ¥39.90）"),
        ({"amount": "0", "reason": "坏果"}, "amount", ""),
        ({"amount": "1.001", "reason": "坏果"}, "amount", ""),
        ({"reason": "坏果"}, "__all__", "请选择要退款的商品或填写退款金额"),
        ({"amount": "1", "reason": ""}, "reason", ""),
    ],
)
def test_refund_form_errors(admin_client, data, field, error):
    order = order_with_lines((SKUFactory(price=Decimal("29.90")), 1))  # paid 39.90

    response = admin_client.post(url(order, "refund"), data)

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors[field])
    assert error in response.content.decode()
    assert not OrderRefund.objects.exists()


def test_lines_and_an_amount_together_are_refused(admin_client):
    order = order_with_lines((SKUFactory(), 1))
    line = order.lines.get()
    data = {"line_ids": [line.pk], "amount": "1", "reason": "坏果"}
    response = admin_client.post(url(order, "refund"), data)
    assert "不要两样都填" in response.content.decode()
    assert not OrderRefund.objects.exists()


def test_a_refund_the_service_refuses_is_a_form_error(admin_client):
    order = order_with_lines((SKUFactory(price=Decimal("50.00")), 1))  # paid 60
    line = order.lines.get()
    admin_client.post(url(order, "refund"), {"amount": "20", "reason": "坏果"})

    # the line (¥50) is more than is left (¥40): the service says so, the form shows it
    response = admin_client.post(url(order, "refund"), {"line_ids": [line.pk], "reason": "坏果"})

    assert response.status_code == 200 and "超过了可退金额" in response.content.decode()
    assert OrderRefund.objects.count() == 1


def test_everything_refunded_leaves_nothing_to_refund(admin_client):
    order = order_with_lines((SKUFactory(price=Decimal("10.00")), 1))
    admin_client.post(url(order, "refund"), {"amount": "20.00", "reason": "整单坏果"})

    assert url(order, "refund") not in admin_client.get(url(order, "inspect")).content.decode()
    assert admin_client.get(url(order, "refund")).status_code == 302


# --- The order's page and list ----------------------------------------------------------------
def test_inspect_shows_payment_refunds_and_retries_a_failed_refund(admin_client):
    order = order_with_lines((SKUFactory(price=Decimal("29.90")), 1))  # paid 39.90
    admin_client.post(url(order, "refund"), {"amount": "9.90", "reason": "坏果包赔"})
    refund = OrderRefund.objects.get()
    # the gateway refused it: the refund failed and its amount is free again
    OrderRefund.objects.filter(pk=refund.pk).update(
        status=RefundStatus.FAILED, gateway_answer="余额不足", finished_at=timezone.now()
    )
    OrderInfo.objects.filter(pk=order.pk).update(refunded_amount=Decimal("0"))

    html = admin_client.get(url(order, "inspect")).content.decode()
    for text in (
        "¥39.90",
        "已付金额",
        "支付时间",
        "已退金额",
        refund.refund_no,
        "失败",
        "余额不足",
    ):
        assert text in html
    assert url(order, "refund_retry") in html and "重试" in html

    response = admin_client.post(url(order, "refund_retry"), {"refund_no": refund.pk}, follow=True)
    assert "已重新提交" in response.content.decode()
    refund.refresh_from_db()
    order.refresh_from_db()
    assert refund.status == RefundStatus.PENDING and order.refunded_amount == Decimal("9.90")

    again = admin_client.post(url(order, "refund_retry"), {"refund_no": refund.pk}, follow=True)
    assert "只有失败的退款可以重试" in again.content.decode()  # a domain error: a message


def test_the_list_shows_statuses_in_words_and_filters_by_the_new_ones(admin_client):
    refunded = order_with_lines((SKUFactory(), 1), status=OrderStatus.REFUNDED)
    partly = order_with_lines((SKUFactory(), 1), status=OrderStatus.PARTLY_REFUNDED)

    html = admin_client.get(ORDERS).content.decode()
    assert "下单用户" in html and refunded.user.username in html
    assert "已退款" in html and "部分退款" in html and "退款中" in html  # the filter's choices
    filtered = admin_client.get(ORDERS, {"status__exact": "partly_refunded"}).content.decode()
    assert partly.pk in filtered and refunded.pk not in filtered


def test_staff_with_the_change_permission_ship_an_order(client):
    order = order_with_lines((SKUFactory(), 1))
    staff = staff_client(client, "shop.view_orderinfo", "shop.change_orderinfo")

    assert url(order, "ship") in staff.get(ORDERS).content.decode()
    staff.post(url(order, "ship"), {"courier": "zto", "tracking_no": "78123456789"})

    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
