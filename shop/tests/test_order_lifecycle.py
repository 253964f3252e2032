"""After checkout: staff ship an order, the shopper confirms receipt, comments, and the goods
page shows the comment. Every step moves the order only from the status it needs."""

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory
from shop.models import OrderInfo

from .factories import order_committed, shopper_with_cart

pytestmark = pytest.mark.django_db

ADMIN_ORDERS = "/admin/shop/orderinfo"
SHIPPING = {"courier": "sf", "tracking_no": "SF1234567890"}  # the ship form's required fields


@pytest.fixture
def placed(client):
    """A cash-on-delivery order for two goods, placed by a logged-in shopper (``client``)."""
    apple, pear = SKUFactory(name="红富士苹果"), SKUFactory(name="库尔勒香梨")
    user, address = shopper_with_cart({apple: 2, pear: 1}, username="lin_xiaoming")
    client.force_login(user)
    order = OrderInfo.objects.get(pk=order_committed(client, address=address, skus=[apple, pear]))
    return order, address, apple, pear


def status_of(order):
    order.refresh_from_db()
    return order.status


def test_ship_receive_comment_and_the_comment_on_the_goods_page(client, admin_client, placed):
    order, address, apple, pear = placed
    detail = client.get(f"/accounts/orders/{order.pk}/")
    html = detail.content.decode()
    assert detail.status_code == 200
    assert address.address in html and address.receiver in html and "货到付款" in html
    assert "红富士苹果" in html and "库尔勒香梨" in html and "待发货" in html
    assert f"/accounts/orders/{order.pk}/" in client.get("/accounts/orders/").content.decode()

    # staff: the index offers 发货, which asks first and ships on POST only
    listing = admin_client.get(f"{ADMIN_ORDERS}/").content.decode()
    assert f"{ADMIN_ORDERS}/ship/{order.pk}/" in listing
    confirm = admin_client.get(f"{ADMIN_ORDERS}/ship/{order.pk}/")
    assert confirm.status_code == 200 and address.address in confirm.content.decode()
    assert status_of(order) == "cod"
    assert admin_client.post(f"{ADMIN_ORDERS}/ship/{order.pk}/", SHIPPING).status_code == 302
    assert status_of(order) == "shipped"

    receive_url = f"/orders/{order.pk}/receive/"
    assert receive_url in client.get("/accounts/orders/").content.decode()
    assert client.post(receive_url).json() == {"ok": True, "status": "uncommented"}
    assert status_of(order) == "uncommented"

    comment_url = f"/orders/{order.pk}/comment/"
    assert comment_url in client.get("/accounts/orders/").content.decode()
    form = client.get(comment_url)
    assert form.status_code == 200 and "红富士苹果" in form.content.decode()
    lines = list(order.lines.all())
    saved = client.post(comment_url, {f"line_{lines[0].pk}": "  很甜，很新鲜  "})
    assert saved.status_code == 302 and saved["Location"] == f"/accounts/orders/{order.pk}/"
    assert status_of(order) == "finished"
    assert [line.comment for line in order.lines.all()] == ["很甜，很新鲜", ""]
    assert "很甜，很新鲜" in client.get(saved["Location"]).content.decode()

    goods_page = Client().get(f"/goods/{apple.pk}/").content.decode()
    assert "很甜，很新鲜" in goods_page and "l***g" in goods_page
    assert "lin_xiaoming" not in goods_page
    assert "很甜，很新鲜" not in Client().get(f"/goods/{pear.pk}/").content.decode()


def test_each_step_needs_the_status_before_it(client, admin_client, placed):
    order, *_ = placed
    early = client.post(f"/orders/{order.pk}/receive/")
    assert early.status_code == 409 and early.json()["error"] == "order_wrong_status"
    assert client.get(f"/orders/{order.pk}/comment/")["Location"] == (
        f"/accounts/orders/{order.pk}/"
    )
    assert client.post(f"/orders/{order.pk}/comment/", {}).status_code == 302
    assert status_of(order) == "cod"

    admin_client.post(f"{ADMIN_ORDERS}/ship/{order.pk}/", SHIPPING)
    shipped_again = admin_client.post(f"{ADMIN_ORDERS}/ship/{order.pk}/", SHIPPING, follow=True)
    assert "订单状态已变化" in shipped_again.content.decode()
    assert client.post(f"/orders/{order.pk}/receive/").status_code == 200
    twice = client.post(f"/orders/{order.pk}/receive/")
    assert twice.status_code == 409 and status_of(order) == "uncommented"


def test_unpaid_orders_cannot_be_shipped_and_nobody_edits_an_order(client, admin_client):
    sku = SKUFactory()
    user, address = shopper_with_cart({sku: 1})
    client.force_login(user)
    order_id = order_committed(client, address=address, skus=[sku], pay_method="sandbox")

    assert (
        f"{ADMIN_ORDERS}/ship/{order_id}/"
        not in admin_client.get(f"{ADMIN_ORDERS}/").content.decode()
    )
    refused = admin_client.post(f"{ADMIN_ORDERS}/ship/{order_id}/", SHIPPING, follow=True)
    assert "订单状态已变化" in refused.content.decode()
    assert OrderInfo.objects.get(pk=order_id).status == "unpaid"
    assert admin_client.get(f"{ADMIN_ORDERS}/edit/{order_id}/").status_code in (302, 403)


def test_staff_without_the_change_permission_cannot_ship(placed):
    order, *_ = placed
    from django.contrib.auth.models import Permission

    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    staff = Client()
    staff.force_login(editor)
    assert staff.post(f"{ADMIN_ORDERS}/ship/{order.pk}/", SHIPPING).status_code in (302, 403)
    assert status_of(order) == "cod"


def test_comments_need_some_text_and_fit_the_column(client, admin_client, placed):
    order, *_ = placed
    admin_client.post(f"{ADMIN_ORDERS}/ship/{order.pk}/", SHIPPING)
    client.post(f"/orders/{order.pk}/receive/")
    line = order.lines.first()
    url = f"/orders/{order.pk}/comment/"

    empty = client.post(url, {f"line_{line.pk}": "   "})
    assert empty.status_code == 200 and "请至少为一件商品写下评价" in empty.content.decode()
    too_long = client.post(url, {f"line_{line.pk}": "甜" * 257})
    assert too_long.status_code == 200 and too_long.context["form"].errors
    assert status_of(order) == "uncommented"
    assert client.post(url, {f"line_{line.pk}": "甜" * 256}).status_code == 302


def test_another_shoppers_order_stays_out_of_reach(client, admin_client, placed):
    order, *_ = placed
    admin_client.post(f"{ADMIN_ORDERS}/ship/{order.pk}/", SHIPPING)
    client.force_login(UserFactory())
    assert client.get(f"/accounts/orders/{order.pk}/").status_code == 404
    assert client.post(f"/orders/{order.pk}/receive/").status_code == 404
    assert client.get(f"/orders/{order.pk}/comment/").status_code == 404
    assert status_of(order) == "shipped"
    assert Client().get(f"/accounts/orders/{order.pk}/").status_code == 302  # to the login


def test_a_forged_receive_answers_in_json(placed):
    order, *_ = placed
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(order.user)
    forged = strict.post(f"/orders/{order.pk}/receive/")
    assert forged.status_code == 403 and forged.json()["error"] == "csrf_failed"
