"""The sales panel on the admin's home, against orders of known amounts, statuses and days."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory
from shop import selectors
from shop.dashboard import sales_dashboard
from shop.models import OrderStatus, PayMethod

from .order_builders import order_made

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ORDERS = "/admin/shop/orderinfo/"


def shanghai_today():
    return timezone.localdate(timezone=SHANGHAI)


def at(days_ago: int, hour: int = 12, minute: int = 0) -> datetime:
    """A time on the shop's calendar: ``days_ago`` days before today, at ``hour:minute``."""
    day = shanghai_today() - timedelta(days=days_ago)
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture
def shop():
    """Goods and orders whose figures are known (freight ¥10 each):

    today       sold: apple ×2 paid ¥35; pear ×1 cash on delivery ¥40; fig ×5 paid ¥50 minus
                ¥5 refunded; apple ×1 paid at 00:30 (¥22.50) -> 4 orders, ¥142.50
                not sold: unpaid, cancelled, paid then cancelled (refunded)
    yesterday   apple ×1 paid at 23:30 (¥22.50), the evening before the 00:30 one
    3 days ago  apple ×10 finished ¥135
    31 days ago pear ×100 (outside the 30 days)
    """
    apple = SKUFactory(name="红富士苹果", price=Decimal("12.50"), stock=3)
    pear = SKUFactory(name="库尔勒香梨", price=Decimal("30.00"), stock=10)
    fig = SKUFactory(name="新疆无花果", price=Decimal("8.00"), stock=11)
    SKUFactory(name="下架的桃", stock=0, is_on_sale=False)
    orders = {
        "paid": order_made((apple, 2), created_at=at(0)),
        "cod": order_made(
            (pear, 1),
            status=OrderStatus.CASH_ON_DELIVERY,
            pay_method=PayMethod.CASH_ON_DELIVERY,
            created_at=at(0),
        ),
        "partly": order_made(
            (fig, 5), status=OrderStatus.PARTLY_REFUNDED, refunded="5.00", created_at=at(0)
        ),
        "early": order_made((apple, 1), status=OrderStatus.SHIPPED, created_at=at(0, 0, 30)),
        "unpaid": order_made((pear, 3), status=OrderStatus.UNPAID, created_at=at(0)),
        "cancelled": order_made(
            (pear, 2),
            status=OrderStatus.CANCELLED,
            pay_method=PayMethod.CASH_ON_DELIVERY,
            created_at=at(0),
            cancel_reason="顾客取消",
        ),
        "refunded": order_made(
            (fig, 9),
            status=OrderStatus.REFUNDED,
            refunded="82.00",
            created_at=at(0),
            cancel_reason="缺货",
        ),
        "late": order_made((apple, 1), status=OrderStatus.SHIPPED, created_at=at(1, 23, 30)),
        "old": order_made((apple, 10), status=OrderStatus.FINISHED, created_at=at(3)),
        "older": order_made((pear, 100), status=OrderStatus.FINISHED, created_at=at(31)),
    }
    return {"apple": apple, "pear": pear, "fig": fig, "orders": orders}


def test_sales_by_day_counts_the_shops_days(shop):
    # an admin user's own time zone changes nothing: days are the shop's (Asia/Shanghai)
    with timezone.override(ZoneInfo("America/New_York")):
        days = selectors.sales_by_day(last_day=shanghai_today(), days=30)
    assert len(days) == 30 and days[-1].day == shanghai_today()
    assert (days[-1].orders, days[-1].revenue) == (4, Decimal("142.50"))
    assert (days[-2].orders, days[-2].revenue) == (1, Decimal("22.50"))
    assert (days[-4].orders, days[-4].revenue) == (1, Decimal("135.00"))
    assert sum(day.orders for day in days) == 6
    assert {day.revenue for day in days[:-4]} == {Decimal("0")}


def test_top_sellers_low_stock_and_counts(shop):
    first_day = shanghai_today() - timedelta(days=29)
    top = selectors.top_sellers(first_day=first_day)
    assert [(seller.name, seller.units) for seller in top] == [
        ("红富士苹果", 14),
        ("新疆无花果", 5),
        ("库尔勒香梨", 1),
    ]
    assert top[0].revenue == Decimal("175.00")
    low = selectors.goods_low_on_stock(threshold=10)
    assert [(sku.name, sku.stock) for sku in low] == [("红富士苹果", 3), ("库尔勒香梨", 10)]
    counts = selectors.orders_count_by_status("unpaid", "paid", "cod", "refunding")
    assert counts == {"unpaid": 1, "paid": 1, "cod": 1, "refunding": 0}


def test_the_dashboard_takes_a_fixed_number_of_queries(shop, django_assert_num_queries):
    admin = UserFactory(is_superuser=True, is_staff=True)
    with django_assert_num_queries(4):
        data = sales_dashboard(today=shanghai_today(), user=admin)
    assert (data["today"].orders, data["today_revenue"]) == (4, "¥142.50")
    assert (data["unpaid"], data["to_ship"]) == (1, 2)
    bars = data["chart"]["bars"]
    assert bars[-1]["revenue"]["height"] == 110  # the largest day fills the revenue plot
    assert bars[-4]["revenue"]["height"] == Decimal("104.2")  # 135 / 142.50 of it
    assert bars[-1]["orders"]["height"] == 50 and bars[-2]["orders"]["height"] == 12.5


def test_the_admin_home_shows_the_panel(admin_client, shop):
    html = admin_client.get("/admin/").content.decode()
    assert 'id="sales-dashboard-section"' in html
    assert 'data-figure="today-orders">4<' in html and "¥142.50" in html
    three_days_ago = (shanghai_today() - timedelta(days=3)).isoformat()
    assert f'data-day="{three_days_ago}" data-orders="1" data-revenue="135.00"' in html
    assert "<svg" in html and "<script" not in html.split('id="sales-dashboard-section"')[1][:20000]

    top = html.split('id="top-sellers"')[1].split("</table>")[0]
    assert top.index("红富士苹果") < top.index("新疆无花果") < top.index("库尔勒香梨")
    low = html.split('id="low-stock"')[1].split("</table>")[0]
    assert f"/admin/snippets/catalog/goodssku/edit/{shop['apple'].pk}/" in low
    assert "新疆无花果" not in low and "下架的桃" not in low
    assert "营业额 =" in html  # the panel says what it counts


def test_the_count_links_open_the_filtered_orders_list(admin_client, shop):
    html = admin_client.get("/admin/").content.decode()
    orders = shop["orders"]
    for figure, expected in (
        ("unpaid", {orders["unpaid"].pk}),
        ("to-ship", {orders["paid"].pk, orders["cod"].pk}),
    ):
        link = html.split(f'data-figure="{figure}"')[0].rsplit('href="', 1)[1].split('"')[0]
        listing = admin_client.get(link.replace("&amp;", "&")).content.decode()
        shown = {order.pk for order in orders.values() if order.pk in listing}
        assert shown == expected, figure


def staff_with(client, *codenames: str):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    client.force_login(user)
    return client


def test_only_who_may_view_orders_sees_the_panel(client, shop):
    editor = staff_with(client, "change_goodssku")
    assert 'id="sales-dashboard-section"' not in editor.get("/admin/").content.decode()

    service = staff_with(client, "view_orderinfo")
    html = service.get("/admin/").content.decode()
    assert 'id="sales-dashboard-section"' in html and "¥142.50" in html
    # goods are named, not linked, for whom may not edit them
    assert "/admin/snippets/catalog/goodssku/edit/" not in html
