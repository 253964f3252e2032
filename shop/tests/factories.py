from accounts.tests.factories import AddressFactory, UserFactory
from shop import redis_cart


def shopper_with_cart(items: dict, **user_fields):
    """A user with a default address and these ``{sku: count}`` in their Redis cart."""
    user = UserFactory(**user_fields)
    address = AddressFactory(user=user, is_default=True)
    key = redis_cart.user_cart_key(user.pk)
    for sku, count in items.items():
        redis_cart.change_count(key=key, sku_id=sku.pk, amount=count, stock=10**6, mode="add")
    return user, address
