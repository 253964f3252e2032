"""Delivery time slots: keeping the next days' slots in place, and an order's slot taken and
given back.

Every day has the same slot times (``DELIVERY_SLOT_TIMES``, each with
``DELIVERY_SLOT_CAPACITY`` orders unless an editor changes a slot in the admin);
``delivery_slots_ensure`` creates the missing ones of the next ``DELIVERY_SLOT_DAYS`` days
(the beat task runs it, and seed_demo). A slot is taken by one conditional UPDATE in the
order's transaction (``booked < capacity`` and not starting too soon), so no slot is ever
overbooked however many shoppers race for its last place; a cancel gives it back in the
cancel's transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F

from ..exceptions import SlotFull, SlotUnavailable
from ..models import DeliverySlot
from ..slot_selectors import (
    DEFAULT_SLOT_CAPACITY,
    slot_cutoff,
    slot_times,
    slot_window,
    slots_starting_after,
)


def delivery_slots_ensure(*, now: datetime | None = None) -> int:
    """Create the missing slots of the next days from the daily times: idempotent (existing
    slots, edited or not, are left as they are). Returns how many were created."""
    first, last = slot_window(now)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    existing = set(
        DeliverySlot.objects.filter(date__range=(first, last)).values_list("date", "starts_at")
    )
    capacity = getattr(settings, "DELIVERY_SLOT_CAPACITY", DEFAULT_SLOT_CAPACITY)
    missing = [
        DeliverySlot(date=day, starts_at=start, ends_at=end, capacity=capacity)
        for day in days
        for start, end in slot_times()
        if (day, start) not in existing
    ]
    # two runs at once: the unique (date, start) keeps one of each, the other is ignored
    DeliverySlot.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def delivery_slot_take(*, slot_id: int | None, now: datetime | None = None) -> DeliverySlot | None:
    """Take one place of the slot, inside the order's transaction (its row stays locked until
    the commit): one conditional UPDATE. A full slot is ``SlotFull``; an unknown one, or one
    starting too soon, ``SlotUnavailable``. None chosen (the contract's commit names no slot):
    the earliest open slot, as the confirmation page preselects it, or none when all are full."""
    if slot_id is None:
        return _earliest_open_take(now)
    bookable = DeliverySlot.objects.filter(slots_starting_after(slot_cutoff(now)), pk=slot_id)
    if bookable.filter(booked__lt=F("capacity")).update(booked=F("booked") + 1):
        return DeliverySlot.objects.get(pk=slot_id)
    if bookable.exists():
        raise SlotFull
    raise SlotUnavailable


def _earliest_open_take(now: datetime | None) -> DeliverySlot | None:
    _first, last = slot_window(now)
    open_slots = DeliverySlot.objects.filter(
        slots_starting_after(slot_cutoff(now)), date__lte=last, booked__lt=F("capacity")
    ).order_by("date", "starts_at")
    for slot_id in open_slots.values_list("pk", flat=True)[:20]:
        taken = DeliverySlot.objects.filter(pk=slot_id, booked__lt=F("capacity"))
        if taken.update(booked=F("booked") + 1):  # else filled meanwhile: the next one
            return DeliverySlot.objects.get(pk=slot_id)
    return None


def delivery_slot_release(*, slot_id: int | None) -> None:
    """Give one place of the slot back (a cancelled order's), never below 0."""
    if slot_id is not None:
        DeliverySlot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)
