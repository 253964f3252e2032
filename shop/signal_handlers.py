from django.contrib.auth.signals import user_logged_in

from . import redis_cart, services


def merge_guest_cart(sender, request, user, **kwargs) -> None:
    from .views import guest_id_for

    guest_id = guest_id_for(request) if request is not None else None
    if guest_id:
        services.cart_merge(guest_key=redis_cart.guest_cart_key(guest_id), user_id=user.pk)


def connect() -> None:
    user_logged_in.connect(merge_guest_cart, dispatch_uid="shop.merge_guest_cart")
