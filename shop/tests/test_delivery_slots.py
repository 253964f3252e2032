"""Delivery time slots: the next days' slots offered on the confirmation page (past and full
ones disabled), a place taken in the order's transaction and given back by a cancel, the order
keeping its slot's text, the daily slots created idempotently, and the race: 20 shoppers for a
slot of 5 places get exactly 5 orders (threads, committed transactions; on MariaDB too)."""

from collections import Counter
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from catalog.models import GoodsSKU
from catalog.tests.factories import SKUFactory
from shop import slot_selectors
from shop.models import DeliverySlot, OrderInfo
from shop.services import delivery_slots_ensure, order_cancel, orders_cancel_unpaid
from shop.slot_selectors import DEFAULT_SLOT_TIMES
from shop.tasks import delivery_slots_ensure_task

from .factories import checkout_token_for, shopper_with_cart
from .test_contention import committer, run_together

pytestmark = pytest.mark.django_db(transaction=True)


def tomorrow():
    return timezone.localdate() + timedelta(days=1)


def slot_of(day=None, start=9, end=11, *, capacity=5, booked=0) -> DeliverySlot:
    slot = DeliverySlot.objects.create(
        date=day or tomorrow(), starts_at=time(start), ends_at=time(end), capacity=capacity
    )
    if booked:
        DeliverySlot.objects.filter(pk=slot.pk).update(booked=booked)
        slot.refresh_from_db()
    return slot


def slot_starting_soon() -> DeliverySlot:
    """A slot starting in 30 minutes: within the hour's cutoff, so past."""
    start = timezone.localtime() + timedelta(minutes=30)
    ends = min(
        datetime.combine(start.date(), time(23, 59, 59)),
        start.replace(tzinfo=None) + timedelta(hours=1),
    )
    return DeliverySlot.objects.create(
        date=start.date(),
        starts_at=start.time().replace(microsecond=0, tzinfo=None),
        ends_at=ends.time(),
        capacity=5,
    )


def shopper_client(sku, count=1):
    user, address = shopper_with_cart({sku: count})
    client = Client()
    client.force_login(user)
    return client, address


def commit(client, address, sku, slot=None, pay_method="cod"):
    fields = {
        "addr_id": address.pk,
        "pay_method": pay_method,
        "sku_ids": str(sku.pk),
        "checkout_token": checkout_token_for(client, [sku]),
    }
    if slot is not None:
        fields["slot_id"] = slot.pk
    return client.post("/orders/commit/", fields)


def booked(slot) -> int:
    return DeliverySlot.objects.values_list("booked", flat=True).get(pk=slot.pk)


def test_confirmation_page_lists_the_days_slots_with_past_and_full_disabled():
    sku = SKUFactory(stock=10)
    client, _address = shopper_client(sku)
    open_slot = slot_of(start=11, end=13)
    full = slot_of(start=13, end=15, capacity=2, booked=2)
    soon = slot_starting_soon()
    later = slot_of(tomorrow() + timedelta(days=1), 9, 11)
    beyond = slot_of(tomorrow() + timedelta(days=5), 9, 11)  # past the 3 days offered

    response = client.post("/orders/place/", {"sku_ids": [sku.pk]})

    html = response.content.decode()
    days = response.context["slot_days"]
    choices = {c.slot.pk: c for day in days for c in day.choices}
    assert beyond.pk not in choices
    assert choices[open_slot.pk].available and choices[later.pk].available
    assert choices[full.pk].full and not choices[full.pk].available
    assert choices[soon.pk].past and not choices[soon.pk].available
    assert [day.day for day in days] == sorted({soon.date, tomorrow(), later.date})
    assert any(day.label.startswith("明天") for day in days)
    assert f'value="{open_slot.pk}" checked' in html  # the earliest that can be chosen
    assert f'value="{full.pk}" disabled' in html and "已约满" in html
    assert f'value="{soon.pk}" disabled' in html and "已过" in html


def test_ordering_takes_a_place_and_the_order_keeps_the_slots_text():
    sku = SKUFactory(stock=10)
    client, address = shopper_client(sku)
    slot = slot_of(capacity=3)

    answer = commit(client, address, sku, slot)

    assert answer.status_code == 200, answer.json()
    order = OrderInfo.objects.get(pk=answer.json()["order_id"])
    assert order.delivery_slot == slot and booked(slot) == 1
    assert order.delivery_slot_text == f"{tomorrow():%Y-%m-%d} 09:00–11:00"
    slot.delete()  # the editor deletes it: the order keeps the text
    order.refresh_from_db()
    assert order.delivery_slot is None and order.delivery_slot_text.endswith("09:00–11:00")
    assert "09:00–11:00" in client.get("/accounts/orders/").content.decode()
    assert "09:00–11:00" in client.get(f"/accounts/orders/{order.pk}/").content.decode()


def test_a_commit_naming_no_slot_takes_the_earliest_open_one_or_none():
    """The contract's commit names no slot: it gets the earliest open slot, as the page
    preselects it, and none when every slot is full or past."""
    sku = SKUFactory(stock=10)
    client, address = shopper_client(sku)
    slot_starting_soon()  # past only: nothing to take
    assert commit(client, address, sku).status_code == 200
    assert OrderInfo.objects.get(user__pk=address.user_id).delivery_slot is None
    slot_of(capacity=1, booked=1)  # full
    open_slot = slot_of(start=11, end=13)
    client, address = shopper_client(sku)
    assert commit(client, address, sku).status_code == 200
    order = OrderInfo.objects.get(user__pk=address.user_id)
    assert order.delivery_slot == open_slot
    open_slot.refresh_from_db()
    assert open_slot.booked == 1


def test_a_full_slot_is_409_and_the_whole_order_rolls_back():
    sku = SKUFactory(stock=10, sales=0)
    client, address = shopper_client(sku)
    full = slot_of(capacity=1, booked=1)

    answer = commit(client, address, sku, full)

    assert answer.status_code == 409 and answer.json()["error"] == "slot_full"
    assert OrderInfo.objects.count() == 0 and booked(full) == 1
    assert GoodsSKU.objects.values_list("stock", "sales").get(pk=sku.pk) == (10, 0)


def test_a_past_or_unknown_slot_is_400_slot_unavailable():
    sku = SKUFactory(stock=10)
    client, address = shopper_client(sku)
    soon = slot_starting_soon()
    answer = commit(client, address, sku, soon)
    assert answer.status_code == 400 and answer.json()["error"] == "slot_unavailable"
    assert booked(soon) == 0
    gone = slot_of()
    gone_pk = gone.pk
    gone.delete()
    gone.pk = gone_pk
    assert commit(client, address, sku, gone).json()["error"] == "slot_unavailable"
    bad = client.post("/orders/commit/", {"slot_id": "x", "addr_id": address.pk})
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_input"
    assert OrderInfo.objects.count() == 0


def test_every_cancel_gives_the_place_back_once():
    sku = SKUFactory(stock=20)
    slot = slot_of(capacity=5)
    orders = []
    for pay_method in ("cod", "cod", "sandbox"):
        client, address = shopper_client(sku)
        answer = commit(client, address, sku, slot, pay_method=pay_method)
        assert answer.status_code == 200, answer.json()
        orders.append((client, answer.json()["order_id"]))
    assert booked(slot) == 3

    shopper, order_id = orders[0]
    assert shopper.post(f"/orders/{order_id}/cancel/").status_code == 200
    assert shopper.post(f"/orders/{order_id}/cancel/").status_code == 409
    assert booked(slot) == 2
    from accounts.tests.factories import UserFactory

    order_cancel(order_id=orders[1][1], staff=UserFactory(is_staff=True), reason="缺货")
    assert booked(slot) == 1
    assert orders_cancel_unpaid(older_than_minutes=-1) == 1  # the sandbox order, unpaid
    assert booked(slot) == 0
    assert orders_cancel_unpaid(older_than_minutes=-1) == 0
    assert booked(slot) == 0
    assert OrderInfo.objects.filter(delivery_slot=slot).count() == 3  # they keep their slot


def test_the_ensure_task_creates_the_next_days_slots_once():
    today = timezone.localdate()
    edited = slot_of(today, 9, 11, capacity=2)  # an editor's slot is left as it is

    created = delivery_slots_ensure_task()

    per_day = len(DEFAULT_SLOT_TIMES)
    assert created == 3 * per_day - 1
    assert delivery_slots_ensure() == 0
    slots = DeliverySlot.objects.all()
    assert slots.count() == 3 * per_day
    assert sorted({s.date for s in slots}) == [today + timedelta(days=n) for n in range(3)]
    assert DeliverySlot.objects.get(pk=edited.pk).capacity == 2
    assert {(s.starts_at.hour, s.ends_at.hour) for s in slots} == set(DEFAULT_SLOT_TIMES)


def test_the_database_never_lets_a_slot_go_over_its_capacity():
    slot = slot_of(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeliverySlot.objects.filter(pk=slot.pk).update(booked=2)
    slot.capacity = 0
    slot.booked = 1
    with pytest.raises(ValidationError):
        slot.full_clean()
    # an editor's save never writes the places booked meanwhile back
    stale = DeliverySlot.objects.get(pk=slot.pk)
    DeliverySlot.objects.filter(pk=slot.pk).update(booked=1)
    stale.capacity = 3
    stale.save()
    assert DeliverySlot.objects.values_list("capacity", "booked").get(pk=slot.pk) == (3, 1)


@pytest.mark.parametrize("strategy", ["pessimistic", "optimistic", "conditional"])
def test_twenty_shoppers_race_for_a_slot_of_five(settings, strategy):
    settings.ORDER_STOCK_STRATEGY = strategy
    sku = SKUFactory(price=Decimal("20.00"), stock=1000, sales=0)
    slot = slot_of(capacity=5)
    shoppers = [shopper_with_cart({sku: 1}) for _ in range(20)]

    results = run_together(
        [committer(user, address, [sku], slot_id=slot.pk) for user, address in shoppers]
    )

    assert Counter(results) == Counter({(200, None): 5, (409, "slot_full"): 15})
    assert booked(slot) == 5
    assert OrderInfo.objects.filter(delivery_slot=slot).count() == 5
    assert OrderInfo.objects.count() == 5
    # the refused orders were rolled back whole: their stock too
    assert GoodsSKU.objects.values_list("stock", "sales").get(pk=sku.pk) == (995, 5)


def test_day_labels():
    today = timezone.localdate()
    assert slot_selectors._day_label(today, today).startswith("今天")
    assert slot_selectors._day_label(today + timedelta(days=2), today).startswith("后天")


def test_the_admin_edits_slots_and_lists_orders_by_delivery_day(admin_client):
    sku = SKUFactory(stock=10)
    slot = slot_of(start=9, end=11, capacity=3)
    client, address = shopper_client(sku)
    order_id = commit(client, address, sku, slot).json()["order_id"]

    listing = admin_client.get("/admin/snippets/shop/deliveryslot/")
    assert listing.status_code == 200 and "09:00–11:00" in listing.content.decode()
    edit_url = f"/admin/snippets/shop/deliveryslot/edit/{slot.pk}/"
    fields = {"date": f"{slot.date:%Y-%m-%d}", "starts_at": "09:00", "ends_at": "11:00"}
    refused = admin_client.post(edit_url, {**fields, "capacity": "0"})
    assert refused.status_code == 200 and "不能少于已约单数" in refused.content.decode()
    assert admin_client.post(edit_url, {**fields, "capacity": "8"}).status_code == 302
    assert DeliverySlot.objects.values_list("capacity", "booked").get(pk=slot.pk) == (8, 1)

    orders = admin_client.get("/admin/shop/orderinfo/", {"delivery_day": "1"})
    html = orders.content.decode()
    assert orders.status_code == 200 and order_id in html and "09:00–11:00" in html
    assert (
        order_id not in admin_client.get("/admin/shop/orderinfo/?delivery_day=0").content.decode()
    )


def test_beat_starting_queues_the_ensure_task(celery_worker, wait_for):
    from celery.signals import beat_init

    beat_init.send(sender=None)

    wait_for(lambda: DeliverySlot.objects.count() == 3 * len(DEFAULT_SLOT_TIMES))
