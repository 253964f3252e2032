from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
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
    REFUNDING = "refunding", _("退款中")
    REFUNDED = "refunded", _("已退款")
    PARTLY_REFUNDED = "partly_refunded", _("部分退款")


ONLINE_PAY_METHODS = (PayMethod.ALIPAY, PayMethod.SANDBOX)


class Courier(models.TextChoices):
    SF = "sf", _("顺丰速运")
    JD = "jd", _("京东物流")
    ZTO = "zto", _("中通快递")
    YTO = "yto", _("圆通速递")
    EMS = "ems", _("EMS")
    OTHER = "other", _("其他")


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("处理中")
    SUCCEEDED = "succeeded", _("已退款")
    FAILED = "failed", _("失败")


class DeliverySlot(models.Model):
    """A delivery time window on one day with a capacity of orders (``services.slots``).

    ``booked`` changes only through conditional UPDATEs (an order takes one in its transaction,
    a cancel gives it back); the check constraint holds it within the capacity in the database.
    """

    date = models.DateField(_("配送日期"))
    starts_at = models.TimeField(_("开始时间"))
    ends_at = models.TimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(_("可约单数"), default=20)
    booked = models.PositiveIntegerField(_("已约单数"), default=0, editable=False)

    class Meta:
        verbose_name = _("配送时段")
        verbose_name_plural = _("配送时段")
        ordering = ["date", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["date", "starts_at"], name="delivery_slot_unique"),
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")), name="delivery_slot_within_capacity"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="delivery_slot_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        # an editor's save never writes ``booked`` back: orders change it meanwhile
        if self.pk and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = ["date", "starts_at", "ends_at", "capacity"]
        super().save(*args, **kwargs)

    @property
    def time_range(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    @property
    def label(self) -> str:
        """What the order keeps of it: ``2026-12-04 09:00–11:00``."""
        return f"{self.date:%Y-%m-%d} {self.time_range}"

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.booked, 0)

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("结束时间须晚于开始时间。")})
        if self.capacity is not None and self.capacity < self.booked:
            raise ValidationError(
                {
                    "capacity": _("可约单数不能少于已约单数（%(booked)s）。")
                    % {"booked": self.booked}
                }
            )


class OrderInfo(models.Model):
    """One order, with the address and prices as they were when it was placed."""

    # Wagtail's reference index ("usage") is for content; indexing every order on save would
    # double the cost of checkout.
    wagtail_reference_index_ignore = True

    order_id = models.CharField(_("订单号"), max_length=32, primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("下单用户"),
    )
    address = models.ForeignKey(
        "accounts.Address",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("收货地址"),
    )
    # the address as it was: deleting or editing an address never changes an old order
    receiver = models.CharField(_("收件人"), max_length=20)
    receiver_address = models.CharField(_("收货地址"), max_length=256)
    receiver_zip_code = models.CharField(_("邮编"), max_length=6)
    receiver_phone = models.CharField(_("联系电话"), max_length=11)
    pay_method = models.CharField(_("支付方式"), max_length=16, choices=PayMethod.choices)
    total_count = models.PositiveIntegerField(_("商品总数"))
    total_price = models.DecimalField(_("商品总金额"), max_digits=12, decimal_places=2)
    # what the 满减 and the coupon took off the goods (``shop.pricing``), as they were then
    discount = models.DecimalField(
        _("优惠金额"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    discount_label = models.CharField(_("优惠说明"), max_length=200, blank=True)
    coupon_code = models.CharField(_("优惠券码"), max_length=20, blank=True)
    freight = models.DecimalField(_("运费"), max_digits=10, decimal_places=2)
    # the delivery time the shopper chose, and its text as it was (the slot may be deleted)
    delivery_slot = models.ForeignKey(
        DeliverySlot,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("配送时段"),
    )
    delivery_slot_text = models.CharField(_("配送时间"), max_length=40, blank=True)
    status = models.CharField(
        _("订单状态"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.UNPAID
    )
    trade_no = models.CharField(_("支付编号"), max_length=128, blank=True)
    paid_amount = models.DecimalField(
        _("已付金额"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    paid_at = models.DateTimeField(_("支付时间"), null=True, blank=True)
    # every refund counts here from the moment it is asked for (pending ones included), so one
    # conditional UPDATE keeps the refunds of an order within what was paid, however many staff
    # refund at once; the check constraint holds it in the database too
    refunded_amount = models.DecimalField(
        _("已退金额"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    # set by staff when they ship it (``services.order_ship``), in the same UPDATE as the status
    courier = models.CharField(_("快递公司"), max_length=16, choices=Courier.choices, blank=True)
    tracking_no = models.CharField(_("快递单号"), max_length=32, blank=True)
    shipped_at = models.DateTimeField(_("发货时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("订单")
        verbose_name_plural = _("订单")
        ordering = ["-created_at", "-order_id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="order_user_newest"),
            # the dashboard's counts by status, the list's status filter, the unpaid timeout
            models.Index(fields=["status", "created_at"], name="order_status_created"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(total_count__gt=0), name="order_has_goods"),
            models.CheckConstraint(condition=Q(freight__gte=0), name="order_freight_not_negative"),
            models.CheckConstraint(
                condition=Q(discount__gte=0) & Q(discount__lte=F("total_price")),
                name="order_discount_within_goods",
            ),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=F("paid_amount")),
                name="order_refunds_within_paid",
            ),
        ]
        permissions = [("refund_orderinfo", _("可以退款"))]

    def __str__(self) -> str:
        return self.order_id

    @property
    def amount_due(self) -> Decimal:
        """What the shopper pays: the goods, less the discount, plus the freight."""
        return self.total_price - self.discount + self.freight

    @property
    def pay_deadline(self) -> datetime:
        """The trade's expiry: before the automatic cancellation (``ORDER_UNPAID_MINUTES``), so
        nobody pays an order that is being cancelled."""
        minutes = settings.ORDER_UNPAID_MINUTES - settings.PAYMENT_EXPIRE_MARGIN_MINUTES
        return self.created_at + timedelta(minutes=max(minutes, 1))


# What an order line records of its SKU, as it was when bought (its price is the current one,
# a sale price included: ``catalog.pricing.skus_priced`` needs the category too).
SKU_SNAPSHOT_FIELDS = ("name", "unit", "price", "category", "image_id")


class OrderGoods(models.Model):
    """One line of an order: what was bought, as it was then."""

    wagtail_reference_index_ignore = True

    order = models.ForeignKey(
        OrderInfo, on_delete=models.CASCADE, related_name="lines", verbose_name=_("订单")
    )
    # No database-level foreign key: InnoDB would take a shared lock on the SKU row for the
    # check, and two orders holding it could not then take the stock (a deadlock). The
    # conditional and optimistic strategies rely on that row being free until their UPDATE.
    sku = models.ForeignKey(
        "catalog.GoodsSKU",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("商品"),
    )
    name = models.CharField(_("商品名称"), max_length=100)
    unit = models.CharField(_("单位"), max_length=20)
    price = models.DecimalField(_("单价"), max_digits=10, decimal_places=2)
    count = models.PositiveIntegerField(_("数量"))
    # the line's part of the order's discount, fixed at order time: a refund of the line gives
    # back its subtotal less this (0 on orders made before lines kept it)
    discount = models.DecimalField(
        _("优惠分摊"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("图片"),
    )
    comment = models.CharField(_("评价"), max_length=256, blank=True)

    class Meta:
        verbose_name = _("订单商品")
        verbose_name_plural = _("订单商品")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="order_goods_count_positive"),
            models.CheckConstraint(
                condition=Q(discount__gte=0) & Q(discount__lte=F("price") * F("count")),
                name="order_goods_discount_within_subtotal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.count}"

    @property
    def subtotal(self):
        return self.price * self.count


class OrderRefund(models.Model):
    """One refund of an order, full or partial, as asked for and as the gateway answered."""

    wagtail_reference_index_ignore = True

    # the gateway's idempotency key (Alipay's out_request_no): asking again never refunds twice
    refund_no = models.CharField(_("退款单号"), max_length=32, primary_key=True)
    order = models.ForeignKey(
        OrderInfo, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("订单")
    )
    amount = models.DecimalField(_("退款金额"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("退款原因"), max_length=200)
    line_ids = models.JSONField(_("退款商品"), default=list, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=RefundStatus.choices, default=RefundStatus.PENDING
    )
    gateway_answer = models.CharField(_("网关答复"), max_length=256, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("退款")
        verbose_name_plural = _("退款")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.refund_no


from .site_settings import FreightSettings  # noqa: E402, F401 (the freight rules: a site setting)
