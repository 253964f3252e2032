"""The sales panel on the Wagtail admin's home (``construct_homepage_panels``, for staff who may
view orders): today's orders and revenue, the last 30 days as a chart, top sellers, goods low
on stock, and the orders waiting for payment or for shipping, linked to the filtered list.

The chart is SVG drawn here, on the server: the site's Content-Security-Policy allows no inline
script, and a bar's ``<title>`` gives its figures on hover without one. What counts as sold and
as revenue is ``selectors.selling`` / ``selectors.order_revenue``; the panel says it in words.
Four queries however many orders: the days, the top sellers, the low stock, the counts.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from catalog.models import GoodsSKU

from . import selectors
from .models import OrderStatus

CHART_DAYS = 30
TOP_SELLERS = 5
LOW_STOCK_THRESHOLD = 10
LOW_STOCK_SHOWN = 10
ORDERS_PERMISSION = "shop.view_orderinfo"
GOODS_EDIT_PERMISSION = "catalog.change_goodssku"

# the chart's geometry, in SVG user units (the picture scales to the panel's width)
WIDTH, LEFT, RIGHT = 720, 64, 8
REVENUE_TOP, REVENUE_HEIGHT = 18, 110
ORDERS_TOP, ORDERS_HEIGHT = 160, 50
LABELS_Y = ORDERS_TOP + ORDERS_HEIGHT + 18
HEIGHT = LABELS_Y + 8
LABEL_EVERY = 5  # a date under every fifth bar, counted back from today


def _yuan(value: Decimal) -> str:
    return f"¥{value:,.2f}"


def _bar(value, largest, top: int, height: int) -> dict:
    size = round(height * value / largest, 1) if largest else 0
    return {"y": round(top + height - size, 1), "height": size}


def sales_chart(days: list[selectors.SalesDay]) -> dict:
    """Where each day's two bars (revenue above, orders below) and the labels go."""
    top_revenue = max((day.revenue for day in days), default=Decimal("0"))
    top_orders = max((day.orders for day in days), default=0)
    slot = (WIDTH - LEFT - RIGHT) / len(days)
    bars = []
    for index, day in enumerate(days):
        x = LEFT + index * slot
        bars.append(
            {
                "day": day,
                "x": round(x + slot * 0.15, 1),
                "center": round(x + slot / 2, 1),
                "width": round(slot * 0.7, 1),
                "revenue": _bar(
                    max(day.revenue, Decimal("0")), top_revenue, REVENUE_TOP, REVENUE_HEIGHT
                ),
                "orders": _bar(day.orders, top_orders, ORDERS_TOP, ORDERS_HEIGHT),
                "labelled": (len(days) - 1 - index) % LABEL_EVERY == 0,
                "title": _("%(day)s：%(orders)s 单，营业额 %(revenue)s")
                % {"day": f"{day.day:%m-%d}", "orders": day.orders, "revenue": _yuan(day.revenue)},
                "today": index == len(days) - 1,
            }
        )
    return {
        "bars": bars,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "revenue_top": REVENUE_TOP,
        "revenue_base": REVENUE_TOP + REVENUE_HEIGHT,
        "orders_top": ORDERS_TOP,
        "orders_base": ORDERS_TOP + ORDERS_HEIGHT,
        "labels_y": LABELS_Y,
        "top_revenue": _yuan(top_revenue),
        "top_orders": top_orders,
    }


def _goods_edit_url(sku_id: int) -> str:
    return reverse(GoodsSKU.snippet_viewset.get_url_name("edit"), args=[sku_id])


def _orders_links() -> dict:
    counts = selectors.orders_count_by_status(
        OrderStatus.UNPAID, OrderStatus.PAID, OrderStatus.CASH_ON_DELIVERY
    )
    orders_url = reverse("shop_orderinfo_modeladmin_index")
    return {
        "unpaid": counts[OrderStatus.UNPAID],
        "unpaid_url": f"{orders_url}?status__exact={OrderStatus.UNPAID}",
        "to_ship": counts[OrderStatus.PAID] + counts[OrderStatus.CASH_ON_DELIVERY],
        "to_ship_url": f"{orders_url}?status__in={OrderStatus.PAID},{OrderStatus.CASH_ON_DELIVERY}",
    }


def sales_dashboard(*, today: date, user) -> dict:
    """Everything the panel shows, for ``user`` (goods link to their edit page if they may)."""
    days = selectors.sales_by_day(last_day=today, days=CHART_DAYS)
    first_day = today - timedelta(days=CHART_DAYS - 1)
    link_goods = user.has_perm(GOODS_EDIT_PERMISSION)
    top = selectors.top_sellers(first_day=first_day, limit=TOP_SELLERS)
    low = selectors.goods_low_on_stock(threshold=LOW_STOCK_THRESHOLD, limit=LOW_STOCK_SHOWN)
    return {
        "today": days[-1],
        "today_revenue": _yuan(days[-1].revenue),
        "days": days,
        "chart": sales_chart(days),
        "first_day": first_day,
        "top_sellers": [
            (seller, _goods_edit_url(seller.sku_id) if link_goods else "") for seller in top
        ],
        "low_stock": [(sku, _goods_edit_url(sku.pk) if link_goods else "") for sku in low],
        "low_stock_threshold": LOW_STOCK_THRESHOLD,
        **_orders_links(),
    }


class SalesPanel(Component):
    """The panel; ``wagtail_hooks`` adds it for users with ``ORDERS_PERMISSION`` only."""

    name = "sales_dashboard"
    order = 50  # above Wagtail's own panels (moderation, recent edits, locked pages)
    template_name = "shop/admin/sales_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        today = timezone.localdate(timezone=selectors.shop_timezone())
        return sales_dashboard(today=today, user=self.request.user)


def homepage_panels_add(request, panels: list) -> None:
    """The ``construct_homepage_panels`` hook: the sales panel for whoever may see orders."""
    if request.user.has_perm(ORDERS_PERMISSION):
        panels.append(SalesPanel(request))
