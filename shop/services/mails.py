"""Mails to the shopper about an order: paid, shipped, refunded.

Sent by ``shop.tasks.order_mail_task``, which the services queue after their commit; rendered in
the site's language from ``templates/shop/mail/order_<kind>*``.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.services import mail_send

from ..models import OrderInfo, OrderRefund, RefundStatus

logger = logging.getLogger(__name__)

MAIL_KINDS = ("paid", "shipped", "refunded")


def _refund_context(order: OrderInfo, refund_no: str) -> dict | None:
    refund = OrderRefund.objects.filter(pk=refund_no, order=order).first()
    if refund is None:
        return None
    # what has reached the shopper, not what is still pending at the gateway
    done = order.refunds.filter(status=RefundStatus.SUCCEEDED).aggregate(total=Sum("amount"))
    return {"refund": refund, "refunded_total": done["total"] or Decimal("0")}


def order_mail_send(*, order_id: str, kind: str, refund_no: str = "") -> None:
    """Mail the order's shopper that it was paid, shipped or (partly) refunded.

    Nothing is sent when the shopper has no e-mail address, or the order (or refund) is gone.
    """
    if kind not in MAIL_KINDS:
        raise ValueError(f"unknown order mail kind {kind!r}")
    order = OrderInfo.objects.select_related("user").filter(pk=order_id).first()
    if order is None or not order.user.email:
        return
    context = {
        "order": order,
        "user": order.user,
        "lines": list(order.lines.all()),
        "order_url": settings.SITE_URL.rstrip("/") + reverse("shop:order_detail", args=[order.pk]),
    }
    if kind == "refunded":
        refund_context = _refund_context(order, refund_no)
        if refund_context is None:
            logger.warning("refund mail for order %s: no refund %r", order_id, refund_no)
            return
        context.update(refund_context)
    template = f"shop/mail/order_{kind}"
    mail_send(
        subject=render_to_string(f"{template}_subject.txt", context).strip(),
        to=[order.user.email],
        text_body=render_to_string(f"{template}.txt", context),
        html_body=render_to_string(f"{template}.html", context),
    )
