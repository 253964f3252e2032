"""Domain errors of the catalog (``freshsite.errors.DomainError``)."""

from django.utils.translation import gettext_lazy as _

from freshsite.errors import DomainError


class SKUNotFound(DomainError):
    """No such goods, or off the shelf: the cart, checkout and history routes answer 404."""

    code = "sku_not_found"
    status = 404
    default_message = _("商品不存在或已下架。")
