"""Campaigns: scheduled sale prices, 满减 and coupons, edited by marketing as Wagtail snippets.

A campaign is a draftable snippet (drafts, revisions, locking, scheduled go-live and expiry).
What it does to prices is read from its *live* row and its own window (``starts_at`` ≤ t <
``ends_at``) at the moment of pricing, never from a flag a job sets later.

Coupon usage is counted in ``CouponRedemption`` rows, not on the coupon: a coupon is a child of
the campaign's cluster, which publishing a revision writes back whole.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
)

MONEY = {"max_digits": 10, "decimal_places": 2}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed


def coupon_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class CouponCodeFormField(forms.CharField):
    """Codes are kept in capitals, so "abc" and "ABC" are one code in a form too (the
    formset's duplicate check sees what will be saved); an empty one gets a new code."""

    def to_python(self, value):
        return super().to_python(value).strip().upper() or coupon_code_new()


class CouponCodeField(models.CharField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CouponCodeFormField, **kwargs})


class Campaign(PreviewableMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    name = models.CharField(_("活动名称"), max_length=50)
    slug = models.SlugField(
        _("网址名"), max_length=50, unique=True, help_text=_("活动页的网址：/campaigns/<网址名>/")
    )
    intro = models.CharField(_("活动说明"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    threshold_amount = models.DecimalField(
        _("满（元）"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("满减：订单中参与活动的商品满这个金额……"),
    )
    threshold_off = models.DecimalField(
        _("减（元）"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("……减去这个金额。两项都空着表示本活动没有满减。"),
    )
    threshold_category = models.ForeignKey(
        "catalog.CategoryPage",
        verbose_name=_("满减范围"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("只计这个分类的商品；空着表示全部商品。"),
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="content_type",
        object_id_field="object_id",
        for_concrete_model=False,
        related_query_name="marketing_campaign",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("intro"),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
            ],
            heading=_("活动"),
        ),
        InlinePanel("sale_prices", heading=_("特价"), label=_("特价")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("threshold_amount"), FieldPanel("threshold_off")]),
                FieldPanel("threshold_category"),
            ],
            heading=_("满减"),
        ),
        InlinePanel("coupons", heading=_("优惠券"), label=_("优惠券")),
    ]

    class Meta:
        verbose_name = _("营销活动")
        verbose_name_plural = _("营销活动")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["live", "starts_at", "ends_at"], name="campaign_window")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="campaign_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("结束时间必须晚于开始时间。")
        if (self.threshold_amount is None) != (self.threshold_off is None):
            errors["threshold_off"] = _("满减的“满”和“减”要一起填写，或都空着。")
        elif self.threshold_off and self.threshold_off >= self.threshold_amount:
            errors["threshold_off"] = _("减去的金额必须小于“满”的金额。")
        if errors:
            raise ValidationError(errors)

    def is_running(self, at) -> bool:
        return self.live and self.starts_at <= at < self.ends_at

    @property
    def has_threshold(self) -> bool:
        return bool(self.threshold_amount and self.threshold_off)

    def get_url(self) -> str:
        return reverse("campaign", args=[self.slug])

    def get_preview_template(self, request, mode_name):
        return "marketing/campaign_page.html"

    def get_preview_context(self, request, mode_name):
        from .selectors import campaign_page_context

        return campaign_page_context(campaign=self, request=request)

    def snapshot_keys(self) -> set[str]:
        """The published pages this campaign's prices show on (``snapshots.signal_handlers``):
        its goods' detail pages, their categories' lists and newest goods, and the homepage."""
        return snapshot_keys_of([self.pk])


def snapshot_keys_of(campaign_ids) -> set[str]:
    """The snapshot keys (``snapshots.targets``) of the goods these campaigns' sale prices
    touch; the names are written here because this app sits below ``snapshots``."""
    rows = CampaignSalePrice.objects.filter(campaign_id__in=campaign_ids)
    sku_rows = rows.filter(sku__isnull=False).values_list("sku_id", "sku__category_id")
    category_ids = set(rows.filter(category__isnull=False).values_list("category_id", flat=True))
    keys = {"home"}
    for sku_id, category_id in sku_rows:
        keys |= {f"goods:{sku_id}", f"list:{category_id}", f"newest:{category_id}"}
    for category_id in category_ids:
        keys |= {f"list:{category_id}", f"newest:{category_id}"}
        skus = apps.get_model("catalog", "GoodsSKU").objects.filter(category_id=category_id)
        keys |= {f"goods:{pk}" for pk in skus.values_list("pk", flat=True)}
    return keys


class CampaignSalePrice(Orderable):
    """A sale price inside the campaign's window: one SKU at a price (or a percentage), or a
    whole category at a percentage of each price."""

    campaign = ParentalKey(
        Campaign, verbose_name=_("营销活动"), on_delete=models.CASCADE, related_name="sale_prices"
    )
    sku = models.ForeignKey(
        "catalog.GoodsSKU",
        verbose_name=_("商品 SKU"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    category = models.ForeignKey(
        "catalog.CategoryPage",
        verbose_name=_("或整个分类"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    price = models.DecimalField(
        _("特价（元）"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    percent = models.PositiveSmallIntegerField(
        _("折扣（%）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("按原价的百分比收费：80 即 8 折。"),
    )

    panels = [
        FieldRowPanel([FieldPanel("sku"), FieldPanel("category")]),
        FieldRowPanel([FieldPanel("price"), FieldPanel("percent")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("特价")
        verbose_name_plural = _("特价")
        constraints = [
            models.CheckConstraint(
                condition=(Q(sku__isnull=False) & Q(category__isnull=True))
                | (Q(sku__isnull=True) & Q(category__isnull=False) & Q(price__isnull=True)),
                name="sale_price_one_target",
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(percent__isnull=True),
                name="sale_price_price_or_percent",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if (self.sku_id is None) == (self.category_id is None):
            raise ValidationError({"sku": _("请选择一个商品 SKU，或选择一个分类。")})
        if (self.price is None) == (self.percent is None):
            raise ValidationError({"price": _("请填写特价或折扣中的一项。")})
        if self.category_id is not None and self.price is not None:
            raise ValidationError({"price": _("整个分类只能按折扣设置。")})


class Coupon(Orderable):
    """A coupon of a campaign: typed in by its code, or claimed into the shopper's list."""

    campaign = ParentalKey(
        Campaign, verbose_name=_("营销活动"), on_delete=models.CASCADE, related_name="coupons"
    )
    title = models.CharField(_("名称"), max_length=40)
    code = CouponCodeField(
        _("券码"),
        max_length=20,
        unique=True,
        blank=True,
        help_text=_("顾客在结算页输入的券码；空着会自动生成。"),
    )
    amount_off = models.DecimalField(
        _("面额（元）"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    min_spend = models.DecimalField(
        _("最低消费（元）"), **MONEY, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    category = models.ForeignKey(
        "catalog.CategoryPage",
        verbose_name=_("适用分类"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("空着表示全部商品。"),
    )
    starts_at = models.DateTimeField(_("生效时间"), null=True, blank=True)
    ends_at = models.DateTimeField(
        _("失效时间"), null=True, blank=True, help_text=_("空着表示跟随活动时间。")
    )
    per_user_limit = models.PositiveSmallIntegerField(
        _("每人限用"), default=1, validators=[MinValueValidator(1)]
    )
    total_limit = models.PositiveIntegerField(
        _("总共限用"), null=True, blank=True, help_text=_("空着表示不限。")
    )
    claimable = models.BooleanField(
        _("可领取"), default=True, help_text=_("在活动页和首页活动中显示“领取”按钮。")
    )
    stacks_with_threshold = models.BooleanField(
        _("可与满减同享"), default=False, help_text=_("不勾选时，满减和优惠券取较优的一项。")
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("amount_off"), FieldPanel("min_spend"), FieldPanel("category")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("per_user_limit"), FieldPanel("total_limit")]),
        FieldRowPanel([FieldPanel("claimable"), FieldPanel("stacks_with_threshold")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("优惠券")
        verbose_name_plural = _("优惠券")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        self.code = (self.code or "").strip().upper() or coupon_code_new()
        if self.min_spend and self.amount_off and self.amount_off >= self.min_spend:
            raise ValidationError({"amount_off": _("面额必须小于最低消费。")})
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("失效时间必须晚于生效时间。")})

    def save(self, *args, **kwargs):
        self.code = (self.code or "").strip().upper() or coupon_code_new()
        super().save(*args, **kwargs)

    def window(self) -> tuple:
        """The coupon's own times, falling back to its campaign's."""
        return (self.starts_at or self.campaign.starts_at, self.ends_at or self.campaign.ends_at)

    def is_valid_at(self, at) -> bool:
        starts_at, ends_at = self.window()
        return self.campaign.live and starts_at <= at < ends_at


class CouponClaim(models.Model):
    """A coupon in a shopper's list (claimed from a campaign, or added by typing its code)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="coupon_claims",
    )
    coupon = models.ForeignKey(
        Coupon, verbose_name=_("优惠券"), on_delete=models.CASCADE, related_name="claims"
    )
    claimed_at = models.DateTimeField(_("领取时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("领取记录")
        verbose_name_plural = _("领取记录")
        constraints = [
            models.UniqueConstraint(fields=["user", "coupon"], name="coupon_claim_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.coupon_id}"


class CouponRedemption(models.Model):
    """One use of a coupon by one order; a cancelled order releases it (``released_at``)."""

    coupon = models.ForeignKey(
        Coupon,
        verbose_name=_("优惠券"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="redemptions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="coupon_redemptions",
    )
    # the order's id, not a key to it: orders live in a higher layer (shop)
    order_id = models.CharField(_("订单号"), max_length=32, unique=True)
    code = models.CharField(_("券码"), max_length=20)
    amount = models.DecimalField(_("抵扣金额"), **MONEY)
    created_at = models.DateTimeField(_("使用时间"), auto_now_add=True)
    released_at = models.DateTimeField(_("退回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("优惠券使用")
        verbose_name_plural = _("优惠券使用")
        indexes = [models.Index(fields=["coupon", "user"], name="coupon_redemption_user")]

    def __str__(self) -> str:
        return f"{self.code} → {self.order_id}"
