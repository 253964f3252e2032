"""The freight rules, a Wagtail site setting editors keep (设置 → 运费规则).

Free delivery from a threshold of what the goods cost after discounts, a base fee below it, and
a cold-chain surcharge when the order holds goods of a 冷藏 or 冷冻 category
(``CategoryPage.storage``). Services have no request: they read the default site's rules
(``FreightSettings.load``, one query; a site never edited has the fields' defaults).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

FREE_FROM_DEFAULT = Decimal("99.00")
BASE_FEE_DEFAULT = Decimal("10.00")
COLD_CHAIN_FEE_DEFAULT = Decimal("6.00")
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


@register_setting(icon="cart", name="freight-rules", order=200)
class FreightSettings(BaseSiteSetting):
    free_from = models.DecimalField(
        _("免运费门槛"),
        max_digits=10,
        decimal_places=2,
        default=FREE_FROM_DEFAULT,
        validators=NOT_NEGATIVE,
        help_text=_("商品扣除优惠后达到这个金额，免基础运费"),
    )
    base_fee = models.DecimalField(
        _("基础运费"),
        max_digits=10,
        decimal_places=2,
        default=BASE_FEE_DEFAULT,
        validators=NOT_NEGATIVE,
        help_text=_("未达到免运费门槛的订单收取"),
    )
    cold_chain_fee = models.DecimalField(
        _("冷链费"),
        max_digits=10,
        decimal_places=2,
        default=COLD_CHAIN_FEE_DEFAULT,
        validators=NOT_NEGATIVE,
        help_text=_("订单中有冷藏或冷冻分类的商品时加收"),
    )
    cold_chain_free_too = models.BooleanField(
        _("满额免冷链费"),
        default=True,
        help_text=_("勾选：达到免运费门槛的订单也免冷链费；不勾选：冷链费照收"),
    )

    class Meta:
        verbose_name = _("运费规则")
        verbose_name_plural = _("运费规则")

    @classmethod
    def load(cls) -> FreightSettings:
        """The default site's rules, in one query (unsaved defaults when never edited)."""
        rules = cls.objects.filter(site__is_default_site=True).first()
        return rules if rules is not None else cls()
