"""Writes of back-in-stock alerts (到货通知): a shopper asks to hear when a sold-out SKU is back;
when its stock returns, by whatever path (``catalog.stock`` announces ``stock_changed`` on
commit, ``signal_handlers``), ``restock_alerts_send_task`` mails each one waiting once."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from catalog.exceptions import SKUNotFound
from catalog.models import GoodsSKU

from .models import RestockAlert, User
from .services import mail_send


def restock_alert_subscribe(*, user: User, sku_id: int) -> RestockAlert:
    """Ask to be mailed when ``sku_id`` is back; asking again while waiting is the same one
    alert, and asking after its mail went out waits anew. ``SKUNotFound`` for goods not on the
    shelf."""
    if not GoodsSKU.objects.on_shelf().filter(pk=sku_id).exists():
        raise SKUNotFound
    for _attempt in range(2):  # two first requests at once: one inserts, the other updates
        alert = RestockAlert.objects.filter(user=user, sku_id=sku_id).first()
        if alert is not None:
            if alert.notified_at is not None:
                RestockAlert.objects.filter(pk=alert.pk).update(
                    notified_at=None, created_at=timezone.now()
                )
                alert.notified_at = None
            return alert
        try:
            with transaction.atomic():
                return RestockAlert.objects.create(user=user, sku_id=sku_id)
        except IntegrityError:
            continue
    raise RuntimeError("restock alert neither found nor created")  # pragma: no cover


def restock_alerts_due(*, sku_ids: list[int]) -> list[int]:
    """Of ``sku_ids``, those on the shelf with stock that shoppers wait for."""
    waiting = RestockAlert.objects.filter(
        sku_id__in=sku_ids, notified_at__isnull=True, sku__is_on_sale=True, sku__stock__gt=0
    )
    return sorted(set(waiting.values_list("sku_id", flat=True)))


def restock_alerts_send(*, sku_id: int) -> int:
    """Mail each shopper waiting for ``sku_id`` that it is back, once; returns how many.

    Nothing while it is still sold out or off the shelf. Each alert is claimed with a
    conditional ``UPDATE`` before its mail, so two workers never mail the same shopper; a mail
    that fails gives its claim back and raises, for the task to retry.
    """
    sku = GoodsSKU.objects.filter(pk=sku_id, is_on_sale=True, stock__gt=0).first()
    if sku is None:
        return 0
    waiting = RestockAlert.objects.filter(sku_id=sku_id, notified_at__isnull=True)
    sent = 0
    for alert in waiting.select_related("user"):
        now = timezone.now()
        claimed = RestockAlert.objects.filter(pk=alert.pk, notified_at__isnull=True)
        if not claimed.update(notified_at=now):
            continue  # another worker has it
        if not alert.user.email or not alert.user.is_active:
            continue
        try:
            _restock_mail(user=alert.user, sku=sku)
        except Exception:
            RestockAlert.objects.filter(pk=alert.pk, notified_at=now).update(notified_at=None)
            raise
        sent += 1
    return sent


def _restock_mail(*, user: User, sku: GoodsSKU) -> None:
    context = {
        "user": user,
        "sku": sku,
        "goods_url": settings.SITE_URL.rstrip("/") + reverse("catalog:detail", args=[sku.pk]),
    }
    mail_send(
        subject=render_to_string("accounts/mail/restock_subject.txt", context).strip(),
        to=[user.email],
        text_body=render_to_string("accounts/mail/restock.txt", context),
        html_body=render_to_string("accounts/mail/restock.html", context),
    )
