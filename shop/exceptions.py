"""Domain errors of the shop; each knows the contract's error code and HTTP status."""

from django.utils.translation import gettext_lazy as _

from freshsite.errors import DomainError


class ShopError(DomainError):
    code = "shop_error"


class InsufficientStock(ShopError):
    code = "insufficient_stock"
    status = 409
    default_message = _("库存不足。")


class AddressNotFound(ShopError):
    code = "address_not_found"
    status = 404
    default_message = _("收货地址不存在。")


class OrderNotFound(ShopError):
    code = "order_not_found"
    status = 404
    default_message = _("订单不存在。")


class StockContention(ShopError):
    """The optimistic strategy ran out of retries while others kept changing the stock."""

    code = "stock_busy"
    status = 409
    default_message = _("下单人数过多，请稍后重试。")


class DuplicateSubmission(ShopError):
    code = "duplicate_submission"
    status = 409
    default_message = _("订单正在提交，请勿重复提交。")


class CheckoutExpired(ShopError):
    code = "checkout_expired"
    status = 400
    default_message = _("订单确认页已过期，请返回购物车重新结算。")


class OrderNotPayable(ShopError):
    code = "order_not_payable"
    status = 409
    default_message = _("该订单当前不能支付。")


class PaymentUnavailable(ShopError):
    code = "payment_unavailable"
    status = 400
    default_message = _("该支付方式暂不可用。")


class NotInCart(ShopError):
    code = "not_in_cart"
    status = 404
    default_message = _("购物车中没有这件商品。")


class CartChanged(ShopError):
    code = "cart_changed"
    status = 409
    default_message = _("购物车在确认后有变动，请返回购物车重新结算。")


class PriceChanged(ShopError):
    code = "price_changed"
    status = 409
    default_message = _("商品价格有变动（促销开始或结束），请刷新确认页查看新价格后再提交。")


class OrderWrongStatus(ShopError):
    """The order is no longer in the status the action needs (another tab acted first)."""

    code = "order_wrong_status"
    status = 409
    default_message = _("订单状态已变化，请刷新页面。")


class CommentMissing(ShopError):
    code = "comment_missing"
    status = 400
    default_message = _("请至少为一件商品写下评价。")


class RefundForbidden(ShopError):
    code = "refund_forbidden"
    status = 403
    default_message = _("只有客服人员可以退款。")


class RefundTooLarge(ShopError):
    code = "refund_too_large"
    status = 409
    default_message = _("退款金额超过了可退金额。")


class GatewayUnavailable(ShopError):
    """The payment gateway could not be reached or answered an error: try again later."""

    code = "gateway_unavailable"
    status = 503
    default_message = _("支付网关暂时无法连接，请稍后重试。")


class SlotFull(ShopError):
    code = "slot_full"
    status = 409
    default_message = _("该配送时段已约满，请选择其他时段。")


class SlotUnavailable(ShopError):
    """The slot is unknown, or starts too soon (or is over) to be chosen."""

    code = "slot_unavailable"
    status = 400
    default_message = _("该配送时段已不可选，请刷新页面重新选择。")
