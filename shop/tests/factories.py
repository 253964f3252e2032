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


def checkout_token_for(client, skus) -> str:
    """The one-time key of the confirmation page for these goods, as ``client`` gets it."""
    response = client.post("/orders/place/", {"sku_ids": [sku.pk for sku in skus]})
    assert response.status_code == 200, response
    return response.context["checkout_token"]


def order_commit_answer(client, *, address, skus, pay_method: str = "cod", coupon_code=""):
    """Submit the confirmation page for ``skus`` (with ``coupon_code``) as ``client``, the
    address's owner: the page, then its commit. Returns the commit's response."""
    return client.post(
        "/orders/commit/",
        {
            "addr_id": address.pk,
            "pay_method": pay_method,
            "sku_ids": ",".join(str(sku.pk) for sku in skus),
            "checkout_token": checkout_token_for(client, skus),
            "coupon_code": coupon_code,
        },
    )


def order_committed(client, *, address, skus, pay_method: str = "cod", coupon_code="") -> str:
    """Place an order through the shop's endpoints as ``client``; returns the order's id."""
    response = order_commit_answer(
        client, address=address, skus=skus, pay_method=pay_method, coupon_code=coupon_code
    )
    assert response.status_code == 200, response.json()
    return response.json()["order_id"]
