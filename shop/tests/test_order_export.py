"""The orders list exports its rows as CSV (and XLSX) under its current filters and search."""

import csv
import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from catalog.tests.factories import SKUFactory
from shop.models import OrderStatus, PayMethod

from .order_builders import order_made

pytestmark = pytest.mark.django_db

ORDERS = "/admin/shop/orderinfo/"
HEADINGS = [
    "订单号",
    "下单时间",
    "下单用户",
    "订单状态",
    "支付方式",
    "商品件数",
    "商品总额",
    "优惠金额",
    "优惠说明",
    "优惠券码",
    "运费",
    "应付金额",
    "已付金额",
    "已退金额",
    "收件人",
    "联系电话",
    "收货地址",
    "配送时间",
    "快递公司",
    "快递单号",
]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def exported(admin_client, **params) -> list[list[str]]:
    response = admin_client.get(ORDERS, {**params, "export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="orders-' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Chinese as UTF-8 only with it
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def orders():
    apple = SKUFactory(name="红富士苹果", price=Decimal("12.50"))
    shipped = order_made(
        (apple, 4),
        status=OrderStatus.SHIPPED,
        created_at=datetime(2026, 3, 8, 9, 30, 5, tzinfo=SHANGHAI),
        refunded="5.00",
        courier="sf",
        tracking_no="SF1234567890",
        receiver='=HYPERLINK("//x.cn")',
        receiver_phone="+8613800138",
        receiver_address="@SUM(1+1) 北京市",
    )
    cod = order_made(
        (apple, 1),
        status=OrderStatus.CASH_ON_DELIVERY,
        pay_method=PayMethod.CASH_ON_DELIVERY,
        receiver="李四",
    )
    return shipped, cod


def test_the_csv_has_chinese_headings_and_one_row_per_order(admin_client, orders):
    shipped, cod = orders
    rows = exported(admin_client)
    assert rows[0] == HEADINGS
    by_id = {row[0]: dict(zip(HEADINGS, row, strict=True)) for row in rows[1:]}
    assert set(by_id) == {shipped.pk, cod.pk}

    row = by_id[shipped.pk]
    assert row["下单时间"] == "2026-03-08 09:30:05"  # the shop's local time
    assert row["下单用户"] == shipped.user.username
    assert (row["订单状态"], row["支付方式"]) == ("待收货", "沙箱支付")
    assert [row[name] for name in ("商品件数", "商品总额", "优惠金额", "运费", "应付金额")] == [
        "4",
        "50.00",
        "0.00",
        "10.00",
        "60.00",
    ]
    assert (row["已付金额"], row["已退金额"]) == ("60.00", "5.00")
    assert (row["快递公司"], row["快递单号"]) == ("顺丰速运", "SF1234567890")

    cod_row = by_id[cod.pk]
    assert (cod_row["订单状态"], cod_row["支付方式"]) == ("待发货（货到付款）", "货到付款")
    assert (cod_row["已付金额"], cod_row["快递公司"], cod_row["快递单号"]) == ("0.00", "", "")


def test_formula_like_text_is_written_as_text(admin_client, orders):
    shipped, _cod = orders
    row = dict(zip(HEADINGS, exported(admin_client, q=shipped.pk)[1], strict=True))
    assert row["收件人"] == '\'=HYPERLINK("//x.cn")'
    assert row["联系电话"] == "'+8613800138"
    assert row["收货地址"] == "'@SUM(1+1) 北京市"


def test_the_export_keeps_the_lists_filters_and_search(admin_client, orders):
    shipped, cod = orders
    assert [row[0] for row in exported(admin_client, status__exact="shipped")[1:]] == [shipped.pk]
    assert [row[0] for row in exported(admin_client, pay_method__exact="cod")[1:]] == [cod.pk]
    assert [row[0] for row in exported(admin_client, q="李四")[1:]] == [cod.pk]
    assert exported(admin_client, status__exact="unpaid") == [HEADINGS]

    # the list offers the download with the filter it shows
    listing = admin_client.get(ORDERS, {"status__exact": "shipped"}).content.decode()
    assert "status__exact=shipped&amp;export=csv" in listing and "导出 CSV" in listing


def test_the_xlsx_keeps_numbers_and_formula_like_text(admin_client, orders):
    from openpyxl import load_workbook

    shipped, _cod = orders
    response = admin_client.get(ORDERS, {"q": shipped.pk, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headings, row = (list(cells) for cells in sheet.iter_rows(values_only=True))
    assert list(headings) == HEADINGS
    values = dict(zip(HEADINGS, row, strict=True))
    assert values["应付金额"] == 60 and values["收件人"].startswith("=HYPERLINK")
    cell = next(sheet.iter_rows(min_row=2))[HEADINGS.index("收件人")]
    assert cell.data_type == "s"  # text, not a formula


def test_only_staff_who_see_orders_export_them(client, orders):
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    assert client.get(ORDERS, {"export": "csv"}).status_code in (302, 403)
