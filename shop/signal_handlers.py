from celery.signals import beat_init
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save

from catalog.models import GoodsSKU

from . import redis_cart, services
from .cart_identity import guest_id_for


def merge_guest_cart(sender, request, user, **kwargs) -> None:
    guest_id = guest_id_for(request) if request is not None else None
    if guest_id:
        services.cart_merge(guest_key=redis_cart.guest_cart_key(guest_id), user_id=user.pk)


def forget_stock_mirror(sender, instance, **kwargs) -> None:
    redis_cart.stock_mirror_forget([instance.pk])


def delivery_slots_at_beat_start(sender=None, **kwargs) -> None:
    """Beat starts (once per deployment): the next days' delivery slots now, not in an hour."""
    from .services.after_commit import task_after_commit

    task_after_commit("delivery_slots_ensure_task")  # outside a transaction: at once


def connect() -> None:
    beat_init.connect(delivery_slots_at_beat_start, dispatch_uid="shop.delivery_slots_beat")
    user_logged_in.connect(merge_guest_cart, dispatch_uid="shop.merge_guest_cart")
    post_save.connect(forget_stock_mirror, sender=GoodsSKU, dispatch_uid="shop.stock_mirror_save")
    post_delete.connect(forget_stock_mirror, sender=GoodsSKU, dispatch_uid="shop.stock_mirror_del")
