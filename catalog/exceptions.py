"""Domain errors of the catalog (``freshsite.errors.DomainError``)."""

from django.utils.translation import gettext_lazy as _

from freshsite.errors import DomainError


class GoodsNotFound(DomainError):
    code = "sku_not_found"
    status = 404
    default_message = _("商品不存在或已下架。")
