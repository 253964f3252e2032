"""到货通知 (issue 16): a shopper asks on a sold-out goods page; when its stock returns through
the stock service, a task mails each one waiting, once."""

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.models import RestockAlert
from accounts.restock import restock_alerts_due, restock_alerts_send
from accounts.tasks import restock_alerts_send_task
from catalog import stock
from catalog.models import GoodsSKU
from catalog.tests.factories import SKUFactory

from .factories import UserFactory

SUBSCRIBE_URL = reverse("accounts:restock_alert")


def sold_out_with_waiting(count: int = 1, **sku_fields):
    sku = SKUFactory(stock=0, **sku_fields)
    users = [UserFactory() for _ in range(count)]
    for user in users:
        RestockAlert.objects.create(user=user, sku=sku)
    return sku, users


def restock(sku, stock_now: int) -> None:
    """An editor saves the SKU with stock again (what the admin's edit view does)."""
    with transaction.atomic():
        before = GoodsSKU.objects.get(pk=sku.pk).stock
        GoodsSKU.objects.filter(pk=sku.pk).update(stock=stock_now)
        stock.stock_edited(sku_id=sku.pk, before=before, after=stock_now)


# --- Asking -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_shopper_asks_once_however_often(client):
    sku, user = SKUFactory(stock=0), UserFactory()
    client.force_login(user)

    first = client.post(SUBSCRIBE_URL, {"sku_id": sku.pk})
    again = client.post(SUBSCRIBE_URL, {"sku_id": sku.pk})

    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() == {"ok": True}
    alert = RestockAlert.objects.get()
    assert (alert.user, alert.sku_id, alert.notified_at) == (user, sku.pk, None)


@pytest.mark.django_db
def test_a_guest_is_asked_to_log_in(client):
    sku = SKUFactory(stock=0)
    response = client.post(SUBSCRIBE_URL, {"sku_id": sku.pk})
    assert response.status_code == 401
    assert response.json()["error"] == "login_required"
    assert not RestockAlert.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["unknown", "off_shelf", "not_a_number"])
def test_unknown_goods_are_not_found(client, which):
    sku = SKUFactory(stock=0, is_on_sale=which != "off_shelf")
    client.force_login(UserFactory())
    sku_id = {"unknown": sku.pk + 1000, "off_shelf": sku.pk, "not_a_number": "x"}[which]

    response = client.post(SUBSCRIBE_URL, {"sku_id": sku_id})

    expected = (400, "invalid_input") if which == "not_a_number" else (404, "sku_not_found")
    assert (response.status_code, response.json()["error"]) == expected
    assert not RestockAlert.objects.exists()


@pytest.mark.django_db
def test_only_a_post(client):
    client.force_login(UserFactory())
    assert client.get(SUBSCRIBE_URL).status_code == 405


# --- Mailing ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_each_one_waiting_is_mailed_once(settings, mailoutbox):
    settings.SITE_URL = "https://shop.example.com"
    sku, users = sold_out_with_waiting(2, name="草莓 500g")
    GoodsSKU.objects.filter(pk=sku.pk).update(stock=5)

    assert restock_alerts_send_task(sku_id=sku.pk) == 2
    assert restock_alerts_send_task(sku_id=sku.pk) == 0  # a second run (or worker) sends none

    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in users)
    message = mailoutbox[0]
    assert "草莓 500g" in message.subject and "到货" in message.subject
    assert f"https://shop.example.com/goods/{sku.pk}/" in message.body
    assert "草莓 500g" in message.alternatives[0][0]
    assert not RestockAlert.objects.filter(notified_at__isnull=True).exists()


@pytest.mark.django_db
def test_no_mail_while_still_sold_out_or_off_the_shelf(mailoutbox):
    sku, _users = sold_out_with_waiting()
    assert restock_alerts_send(sku_id=sku.pk) == 0
    assert restock_alerts_due(sku_ids=[sku.pk]) == []

    GoodsSKU.objects.filter(pk=sku.pk).update(stock=3, is_on_sale=False)
    assert restock_alerts_send(sku_id=sku.pk) == 0
    assert restock_alerts_due(sku_ids=[sku.pk]) == []

    assert mailoutbox == []
    assert RestockAlert.objects.get().notified_at is None  # still waiting


@pytest.mark.django_db
def test_a_failed_mail_keeps_the_shopper_waiting(settings, mailoutbox):
    sku, _users = sold_out_with_waiting()
    GoodsSKU.objects.filter(pk=sku.pk).update(stock=3)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2

    with pytest.raises(OSError):
        restock_alerts_send(sku_id=sku.pk)
    assert RestockAlert.objects.get().notified_at is None  # the retry will mail it

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert restock_alerts_send(sku_id=sku.pk) == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_asking_again_after_the_mail_waits_anew(client, mailoutbox):
    sku, (user,) = sold_out_with_waiting()
    GoodsSKU.objects.filter(pk=sku.pk).update(stock=1)
    restock_alerts_send(sku_id=sku.pk)
    GoodsSKU.objects.filter(pk=sku.pk).update(stock=0)  # sold out again
    client.force_login(user)

    assert client.post(SUBSCRIBE_URL, {"sku_id": sku.pk}).json() == {"ok": True}

    alert = RestockAlert.objects.get()
    assert alert.notified_at is None
    GoodsSKU.objects.filter(pk=sku.pk).update(stock=2)
    assert restock_alerts_send(sku_id=sku.pk) == 1
    assert len(mailoutbox) == 2


# --- Stock returning through the stock service --------------------------------------------------
def test_an_editor_restocking_mails_those_waiting(celery_worker, wait_for, mailoutbox):
    sku, (user,) = sold_out_with_waiting(name="阳光玫瑰")
    other, _others = sold_out_with_waiting()

    restock(sku, 8)

    wait_for(lambda: len(mailoutbox) == 1)
    assert mailoutbox[0].to == [user.email] and "阳光玫瑰" in mailoutbox[0].subject
    wait_for(lambda: RestockAlert.objects.get(sku=sku).notified_at is not None)
    assert RestockAlert.objects.get(sku=other).notified_at is None
    restock(other, 0)  # no change: nothing announced, nothing sent
    restock(sku, 9)  # more stock: nobody waits any more
    assert len(mailoutbox) == 1
