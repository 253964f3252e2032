from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .regions import OTHER, region_validate

username_validator = RegexValidator(
    r"^[A-Za-z0-9_]{3,20}\Z",
    _("用户名为 3–20 个字母、数字或下划线。"),
    code="invalid_username",
)
# [0-9], not \d: Python's \d also matches full-width and Arabic-Indic digits ("１２３４５６").
zip_code_validator = RegexValidator(r"^[0-9]{6}\Z", _("邮编为 6 位数字。"), code="invalid_zip_code")
mobile_validator = RegexValidator(
    r"^1[3-9][0-9]{9}\Z", _("请输入 11 位手机号码。"), code="invalid_phone"
)


class User(AbstractUser):
    """A shopper (or staff member). Accounts start inactive until the e-mail link is used."""

    username = models.CharField(
        _("用户名"),
        max_length=20,
        unique=True,
        validators=[username_validator],
        error_messages={"unique": _("用户名已被注册。")},
    )
    # Usernames are unique whatever their case, in the database itself: SQLite compares
    # case-sensitively, and Django builds no unique index on an expression for MariaDB, but a
    # stored column with a unique index works on both.
    username_lower = models.GeneratedField(
        verbose_name=_("用户名（小写）"),
        expression=Lower("username"),
        output_field=models.CharField(max_length=20),
        db_persist=True,
    )
    email = models.EmailField(_("邮箱"))
    # Set when the activation mail was handed to the mail server; the sweep task re-sends
    # for inactive accounts where it stays empty (worker or broker was down at sign-up).
    activation_sent_at = models.DateTimeField(_("激活邮件发送时间"), null=True, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        indexes = [models.Index(fields=["email"])]
        constraints = [
            models.UniqueConstraint(
                fields=["username_lower"], name="accounts_user_username_lower_unique"
            )
        ]

    def validate_unique(self, exclude=None):
        """Also refuse a username that differs from another only in case.

        Forms never show ``username_lower``, so they would skip its constraint (Wagtail's user
        forms among them) and the database would answer with an error page instead.
        """
        super().validate_unique(exclude=exclude)
        if exclude and "username" in exclude:
            return
        others = User._default_manager.filter(username__iexact=self.username)
        if others.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"username": self._meta.get_field("username").error_messages["unique"]},
                code="unique",
            )


class Address(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="addresses",
    )
    receiver = models.CharField(_("收件人"), max_length=20)
    # Chosen from accounts/regions.json (``accounts.regions``); blank on addresses made before
    # they existed, whose whole text stays in ``address`` until the shopper edits them.
    province = models.CharField(_("省份"), max_length=20, blank=True, default="")
    city = models.CharField(_("城市"), max_length=30, blank=True, default="")
    district = models.CharField(_("区县"), max_length=30, blank=True, default="")
    address = models.CharField(_("详细地址"), max_length=256, help_text=_("街道、门牌号等"))
    zip_code = models.CharField(
        _("邮编"), max_length=6, blank=True, default="", validators=[zip_code_validator]
    )
    phone = models.CharField(_("手机号码"), max_length=11, validators=[mobile_validator])
    is_default = models.BooleanField(_("默认地址"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("收货地址")
        verbose_name_plural = _("收货地址")
        ordering = ["-is_default", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.receiver} {self.full_text()}"

    def clean(self) -> None:
        # addresses made before the lists have no region, and keep working until edited
        if self.province or self.city or self.district:
            region_validate(province=self.province, city=self.city, district=self.district)

    def full_text(self) -> str:
        """Province, city, district and street as one line: what orders and pages show."""
        parts = [self.province, self.city, "" if self.district == OTHER else self.district]
        # a municipality is its own province and city (北京市 北京市): say it once
        regions = [part for i, part in enumerate(parts) if part and part not in parts[:i]]
        return "".join(regions) + self.address


class RestockAlert(models.Model):
    """A shopper asked to be mailed when a sold-out SKU is back (到货通知).

    One row per shopper and SKU: ``notified_at`` is empty while the wish is pending; asking
    again after the mail went out makes it pending again (``services_restock``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="restock_alerts",
    )
    sku = models.ForeignKey(
        "catalog.GoodsSKU",
        verbose_name=_("商品"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("订阅时间"), default=timezone.now)
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("到货通知")
        verbose_name_plural = _("到货通知")
        constraints = [
            models.UniqueConstraint(fields=["user", "sku"], name="accounts_restock_user_sku")
        ]
        indexes = [models.Index(fields=["sku", "notified_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.sku_id}"
