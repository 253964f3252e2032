from django.utils.functional import SimpleLazyObject

from .views import cart_key_for


def cart(request) -> dict:
    """The header's cart count: one HLEN per request, and only if a template asks for it."""

    def count() -> int:
        from .selectors import cart_count

        key = cart_key_for(request)
        return cart_count(cart_key=key) if key else 0

    return {"cart_count": SimpleLazyObject(count)}
