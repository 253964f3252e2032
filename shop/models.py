from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PayMethod(models.TextChoices):
    CASH_ON_DELIVERY = "cod", _("货到付款")
    ALIPAY = "alipay", _("支付宝")
    SANDBOX = "sandbox", _("沙箱支付")


class OrderStatus(models.TextChoices):
    UNPAID = "unpaid", _("待支付")
    PAID = "paid", _("待发货")
    CASH_ON_DELIVERY = "cod", _("待发货（货到付款）")
    SHIPPED = "shipped", _("待收货")
    UNCOMMENTED = "uncommented", _("待评价")
    FINISHED = "finished", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class OrderInfo(models.Model):
    """One order, with the address and prices as they were when it was placed."""

    # Wagtail's reference index ("usage") is for content; indexing every order on save would
    # double the cost of checkout.
    wagtail_reference_index_ignore = True

    order_id = models.CharField(_("订单号"), max_length=32, primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders"
    )
    address = models.ForeignKey(
        "accounts.Address", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # the address as it was: deleting or editing an address never changes an old order
    receiver = models.CharField(_("收件人"), max_length=20)
    receiver_address = models.CharField(_("收货地址"), max_length=256)
    receiver_zip_code = models.CharField(_("邮编"), max_length=6)
    receiver_phone = models.CharField(_("联系电话"), max_length=11)
    pay_method = models.CharField(_("支付方式"), max_length=16, choices=PayMethod.choices)
    total_count = models.PositiveIntegerField(_("商品总数"))
    total_price = models.DecimalField(_("商品总金额"), max_digits=12, decimal_places=2)
    freight = models.DecimalField(_("运费"), max_digits=10, decimal_places=2)
    status = models.CharField(
        _("订单状态"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.UNPAID
    )
    trade_no = models.CharField(_("支付编号"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("订单")
        verbose_name_plural = _("订单")
        ordering = ["-created_at", "-order_id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="order_user_newest")]
        constraints = [
            models.CheckConstraint(condition=Q(total_count__gt=0), name="order_has_goods"),
            models.CheckConstraint(condition=Q(freight__gte=0), name="order_freight_not_negative"),
        ]

    def __str__(self) -> str:
        return self.order_id

    @property
    def amount_due(self):
        return self.total_price + self.freight


# What an order line records of its SKU, as it was when bought.
SKU_SNAPSHOT_FIELDS = ("name", "unit", "price", "image_id")


class OrderGoods(models.Model):
    """One line of an order: what was bought, as it was then."""

    wagtail_reference_index_ignore = True

    order = models.ForeignKey(OrderInfo, on_delete=models.CASCADE, related_name="lines")
    # No database-level foreign key: InnoDB would take a shared lock on the SKU row for the
    # check, and two orders holding it could not then take the stock (a deadlock). The
    # conditional and optimistic strategies rely on that row being free until their UPDATE.
    sku = models.ForeignKey(
        "catalog.GoodsSKU",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_constraint=False,
    )
    name = models.CharField(_("商品名称"), max_length=100)
    unit = models.CharField(_("单位"), max_length=20)
    price = models.DecimalField(_("单价"), max_digits=10, decimal_places=2)
    count = models.PositiveIntegerField(_("数量"))
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.CharField(_("评价"), max_length=256, blank=True)

    class Meta:
        verbose_name = _("订单商品")
        verbose_name_plural = _("订单商品")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="order_goods_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.count}"

    @property
    def subtotal(self):
        return self.price * self.count
