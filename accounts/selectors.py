"""Reads of the accounts app."""

from __future__ import annotations

from django.conf import settings

from freshsite.store import store_redis

from .models import Address, User
from .redis_keys import browsing_history_key


def username_is_available(*, username: str) -> bool:
    return not User.objects.filter(username__iexact=username).exists()


def browsing_history_sku_ids(*, user_id: int) -> list[int]:
    """SKU ids the user viewed, newest first, at most ``BROWSING_HISTORY_SIZE``."""
    redis = store_redis()
    raw = redis.lrange(browsing_history_key(user_id), 0, settings.BROWSING_HISTORY_SIZE - 1)
    return [int(value) for value in raw]


def address_list(*, user: User):
    return Address.objects.filter(user=user)


def address_default(*, user: User) -> Address | None:
    return Address.objects.filter(user=user, is_default=True).first()


def address_get(*, user: User, address_id: int) -> Address:
    """The user's own address; another user's id raises ``Address.DoesNotExist``."""
    return Address.objects.get(user=user, pk=address_id)
