"""Reads of the delivery slots: the daily slot times, which slots can still be chosen, and the
confirmation page's choice of the next days' slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import DeliverySlot

# (start, end) of each day's slots; settings may override them (dev/production.py)
DEFAULT_SLOT_TIMES = ((9, 11), (11, 13), (13, 15), (15, 17), (17, 19), (19, 21))
DEFAULT_SLOT_CAPACITY = 20
DEFAULT_SLOT_DAYS = 3  # today and the next two days
DEFAULT_CUTOFF_MINUTES = 60  # a slot starting sooner than this cannot be chosen any more


def slot_times() -> list[tuple[time, time]]:
    pairs = getattr(settings, "DELIVERY_SLOT_TIMES", DEFAULT_SLOT_TIMES)
    return [(time(start), time(end)) for start, end in pairs]


def slot_days() -> int:
    return getattr(settings, "DELIVERY_SLOT_DAYS", DEFAULT_SLOT_DAYS)


def slot_cutoff(now: datetime | None = None) -> datetime:
    """The shop's local moment before which a slot's start counts as past."""
    minutes = getattr(settings, "DELIVERY_SLOT_CUTOFF_MINUTES", DEFAULT_CUTOFF_MINUTES)
    return timezone.localtime(now or timezone.now()) + timedelta(minutes=minutes)


def slots_starting_after(cutoff: datetime) -> Q:
    """A filter of the slots that start after ``cutoff`` (a local time of the shop)."""
    day, moment = cutoff.date(), cutoff.time().replace(tzinfo=None)
    return Q(date__gt=day) | Q(date=day, starts_at__gt=moment)


def slot_window(now: datetime | None = None) -> tuple[date, date]:
    """The first and last day whose slots are offered."""
    today = timezone.localdate(now or timezone.now())
    return today, today + timedelta(days=slot_days() - 1)


WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass(frozen=True)
class SlotChoice:
    slot: DeliverySlot
    past: bool  # starts too soon (or is over) to be chosen
    full: bool

    @property
    def available(self) -> bool:
        return not (self.past or self.full)


@dataclass(frozen=True)
class SlotDay:
    day: date
    label: str  # 今天 / 明天 / 后天 12月04日 周五
    choices: list[SlotChoice]


def _day_label(day: date, today: date) -> str:
    names = {0: _("今天"), 1: _("明天"), 2: _("后天")}
    prefix = names.get((day - today).days, "")
    weekday = _(WEEKDAYS[day.weekday()])
    return " ".join(part for part in (prefix, f"{day.month}月{day.day}日", weekday) if part)


def delivery_slot_days(*, now: datetime | None = None) -> list[SlotDay]:
    """The next days' slots grouped by day, each marked past or full: one query."""
    now = now or timezone.now()
    first, last = slot_window(now)
    cutoff = slot_cutoff(now).replace(tzinfo=None)
    days: dict[date, list[SlotChoice]] = {}
    for slot in DeliverySlot.objects.filter(date__range=(first, last)).order_by(
        "date", "starts_at"
    ):
        starts = datetime.combine(slot.date, slot.starts_at)
        choice = SlotChoice(slot=slot, past=starts <= cutoff, full=slot.booked >= slot.capacity)
        days.setdefault(slot.date, []).append(choice)
    return [SlotDay(day, _day_label(day, first), choices) for day, choices in days.items()]


def slot_first_available(days: list[SlotDay]) -> DeliverySlot | None:
    """The earliest slot that can be chosen (the page's preselection)."""
    return next((c.slot for d in days for c in d.choices if c.available), None)


def slots_offered(days: list[SlotDay]) -> bool:
    """Whether a slot must be chosen: some slot of the next days has not started yet (full or
    not, as ``services.slots.delivery_slot_take`` decides)."""
    return any(not c.past for d in days for c in d.choices)


__all__ = ["SlotChoice", "SlotDay", "delivery_slot_days", "slot_first_available", "slots_offered"]
