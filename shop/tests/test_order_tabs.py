"""The orders page's status tabs (全部 / 待付款 / 待发货 / 待收货 / 待评价), keeping their pages."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory
from shop.models import OrderStatus, PayMethod

from .order_builders import order_made

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper(client):
    user = UserFactory()
    client.force_login(user)
    sku = SKUFactory()
    made = {
        "unpaid": order_made((sku, 1), user=user, status=OrderStatus.UNPAID),
        "paid": order_made((sku, 1), user=user, status=OrderStatus.PAID),
        "cod": order_made(
            (sku, 1),
            user=user,
            status=OrderStatus.CASH_ON_DELIVERY,
            pay_method=PayMethod.CASH_ON_DELIVERY,
        ),
        "shipped": order_made((sku, 1), user=user, status=OrderStatus.SHIPPED),
        "uncommented": order_made((sku, 1), user=user, status=OrderStatus.UNCOMMENTED),
        "finished": order_made((sku, 1), user=user, status=OrderStatus.FINISHED),
    }
    return {name: order.order_id for name, order in made.items()}


def shown(client, query: str = "") -> set[str]:
    response = client.get(reverse("shop:orders") + query)
    assert response.status_code == 200
    return {order.order_id for order in response.context["orders"]}


@pytest.mark.parametrize(
    ("tab", "names"),
    [
        ("unpaid", {"unpaid"}),
        ("to_ship", {"paid", "cod"}),
        ("to_receive", {"shipped"}),
        ("to_comment", {"uncommented"}),
    ],
)
def test_each_tab_shows_its_orders(client, shopper, tab, names):
    assert shown(client, f"?status={tab}") == {shopper[name] for name in names}


def test_all_and_an_unknown_tab_show_every_order(client, shopper):
    for query in ("", "?status=bogus"):
        response = client.get(reverse("shop:orders") + query)
        assert response.context["orders"].paginator.count == len(shopper)
        assert response.context["status_tab"] == ""


def test_the_tabs_are_links_and_the_pages_keep_the_tab(client, shopper):
    user = UserFactory()
    client.force_login(user)
    sku = SKUFactory()
    for _ in range(6):
        order_made((sku, 1), user=user, status=OrderStatus.UNPAID)

    html = client.get(reverse("shop:orders") + "?status=unpaid").content.decode()

    for label in ("全部", "待付款", "待发货", "待收货", "待评价"):
        assert f">{label}</a>" in html
    assert 'href="?status=unpaid" class="active" aria-current="page"' in html
    assert 'href="?status=unpaid&amp;page=2"' in html
    second = client.get(reverse("shop:orders") + "?status=unpaid&page=2")
    assert len(second.context["orders"]) == 1
