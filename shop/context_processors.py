import logging

from django.utils.functional import SimpleLazyObject

from freshsite.store import STORE_ERRORS

from .cart_identity import cart_key_for

logger = logging.getLogger(__name__)


def cart(request) -> dict:
    """The header's cart count: one HLEN per request, and only if a template asks for it.

    While the store cannot be reached the header shows 0, so catalog pages keep answering.
    """

    def count() -> int:
        from .selectors import cart_count

        key = cart_key_for(request)
        if not key:
            return 0
        try:
            return cart_count(cart_key=key)
        except STORE_ERRORS as error:
            logger.warning("cart count not read: the store cannot be reached: %s", error)
            return 0

    return {"cart_count": SimpleLazyObject(count)}
