"""Alipay's open API (``alipay.trade.*``), signed with RSA2 by hand with ``cryptography``.

Not python-alipay-sdk: its gateway URL is fixed (production or Alipay's sandbox), so it could
neither talk to the tests' loopback gateway nor to our own sandbox gateway, and the sandbox
must run this very code. The protocol is small: signing.py holds the signature rules.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.utils import timezone

from . import (
    GatewayError,
    GatewayRefused,
    Notification,
    NotificationInvalid,
    PaymentGateway,
    RefundAnswer,
    Trade,
)
from .signing import (
    amount_text,
    biz_json,
    params_sign,
    params_verify,
    private_key_load,
    public_key_load,
    response_name,
    response_text,
    rsa2_verify,
)

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
SUCCESS = "10000"
# business failures that say "not now" rather than "no": asking again later may succeed
RETRYABLE_SUB_CODES = frozenset({"ACQ.SYSTEM_ERROR", "ACQ.SELLER_BALANCE_NOT_ENOUGH"})
NOTIFICATION_FIELDS = ("out_trade_no", "trade_no", "total_amount", "trade_status")

# (gateway URL, the form to POST) -> the answer's body
Transport = Callable[[str, Mapping[str, str]], str]


def shanghai_time(moment: datetime) -> str:
    """Alipay's times: "yyyy-MM-dd HH:mm:ss" in China Standard Time."""
    return timezone.localtime(moment, SHANGHAI).strftime(TIME_FORMAT)


def subject_clean(subject: str) -> str:
    # Alipay refuses "/", "=" and "&" in a subject, and more than 256 characters
    return "".join(c for c in subject if c not in "/=&").strip()[:256] or "-"


def http_transport(timeout: float) -> Transport:
    def post(url: str, form: Mapping[str, str]) -> str:
        data = urlencode(form).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310 (the configured gateway URL)
            url,
            data=data,
            headers={"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
                return answer.read().decode("utf-8")
        except (urllib.error.URLError, OSError, UnicodeDecodeError) as exc:
            raise GatewayError(f"gateway unreachable: {exc}") from exc

    return post


class AlipayGateway(PaymentGateway):
    pay_method = "alipay"

    def __init__(
        self,
        *,
        app_id: str,
        private_key,
        alipay_public_key,
        gateway_url: str,
        timeout: float = 10.0,
        transport: Transport | None = None,
    ) -> None:
        self.app_id = app_id
        self.private_key = private_key_load(private_key, "ALIPAY_PRIVATE_KEY")
        self.alipay_public_key = public_key_load(alipay_public_key, "ALIPAY_PUBLIC_KEY")
        self.gateway_url = gateway_url
        self.transport = transport or http_transport(timeout)

    # --- requests -----------------------------------------------------------------------

    def signed_params(self, method: str, biz: Mapping[str, str], **extra: str) -> dict[str, str]:
        params = {
            "app_id": self.app_id,
            "method": method,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": "RSA2",
            "timestamp": shanghai_time(timezone.now()),
            "version": "1.0",
            "biz_content": biz_json(biz),
            **{key: value for key, value in extra.items() if value},
        }
        params["sign"] = params_sign(self.private_key, params)
        return params

    def pay_url(
        self,
        *,
        out_trade_no: str,
        amount: Decimal,
        subject: str,
        expire_at: datetime,
        mobile: bool,
        return_url: str,
        notify_url: str,
    ) -> str:
        method, product = (
            ("alipay.trade.wap.pay", "QUICK_WAP_WAY")
            if mobile
            else ("alipay.trade.page.pay", "FAST_INSTANT_TRADE_PAY")
        )
        biz = {
            "out_trade_no": out_trade_no,
            "total_amount": amount_text(amount),
            "subject": subject_clean(subject),
            "product_code": product,
            "time_expire": shanghai_time(expire_at),
        }
        params = self.signed_params(method, biz, return_url=return_url, notify_url=notify_url)
        separator = "&" if "?" in self.gateway_url else "?"
        return f"{self.gateway_url}{separator}{urlencode(params)}"

    def call(self, method: str, biz: Mapping[str, str]) -> dict:
        """POST an API call and return its verified answer (any code: the caller decides)."""
        body = self.transport(self.gateway_url, self.signed_params(method, biz))
        name = response_name(method)
        try:
            parsed = json.loads(body)
            answer = parsed[name]
            signature = parsed["sign"]
        except (ValueError, KeyError, TypeError):
            raise GatewayError(f"{method}: unreadable or unsigned answer: {body[:300]!r}") from None
        text = response_text(body, name)
        if text is None or not rsa2_verify(self.alipay_public_key, text, signature):
            logger.warning("%s: answer with a bad signature: %.300s", method, body)
            raise GatewayError(f"{method}: the answer's signature does not verify")
        return answer

    @staticmethod
    def failure(method: str, answer: Mapping[str, str]) -> GatewayError:
        code, sub_code = answer.get("code", ""), answer.get("sub_code", "")
        message = f"{method}: {code} {sub_code} {answer.get('sub_msg') or answer.get('msg', '')}"
        if code == "40004" and sub_code not in RETRYABLE_SUB_CODES:
            return GatewayRefused(message.strip())
        return GatewayError(message.strip())

    # --- the interface --------------------------------------------------------------------

    def notification_verify(self, params: Mapping[str, str]) -> Notification:
        if params.get("sign_type", "RSA2") != "RSA2":
            raise NotificationInvalid("sign_type is not RSA2")
        if not params_verify(self.alipay_public_key, params, drop=("sign", "sign_type")):
            raise NotificationInvalid("bad signature")
        if params.get("app_id") != self.app_id:
            raise NotificationInvalid(f"another app's notification: {params.get('app_id')!r}")
        missing = [field for field in NOTIFICATION_FIELDS if not params.get(field)]
        if missing:
            raise NotificationInvalid(f"fields missing: {', '.join(missing)}")
        try:
            total = Decimal(params["total_amount"])
        except InvalidOperation:
            raise NotificationInvalid("total_amount is not a number") from None
        return Notification(
            app_id=params["app_id"],
            out_trade_no=params["out_trade_no"],
            trade_no=params["trade_no"],
            total_amount=total,
            trade_status=params["trade_status"],
        )

    def trade_query(self, *, out_trade_no: str) -> Trade | None:
        method = "alipay.trade.query"
        answer = self.call(method, {"out_trade_no": out_trade_no})
        if answer.get("code") != SUCCESS:
            if answer.get("sub_code") == "ACQ.TRADE_NOT_EXIST":
                return None
            raise self.failure(method, answer)
        if answer.get("out_trade_no") != out_trade_no:
            raise GatewayError(f"{method}: answer about another trade")
        try:
            total = Decimal(answer["total_amount"])
        except (KeyError, InvalidOperation):
            raise GatewayError(f"{method}: answer without an amount") from None
        return Trade(
            out_trade_no=out_trade_no,
            trade_no=answer.get("trade_no", ""),
            total_amount=total,
            trade_status=answer.get("trade_status", ""),
        )

    def trade_close(self, *, out_trade_no: str) -> None:
        method = "alipay.trade.close"
        answer = self.call(method, {"out_trade_no": out_trade_no})
        if answer.get("code") == SUCCESS or answer.get("sub_code") == "ACQ.TRADE_NOT_EXIST":
            return
        if answer.get("sub_code") == "ACQ.TRADE_STATUS_ERROR":
            # Alipay says this for a closed trade and for a paid one alike: ask which
            trade = self.trade_query(out_trade_no=out_trade_no)
            if trade is None or trade.trade_status == "TRADE_CLOSED":
                return
            if trade.paid:
                raise GatewayRefused(f"{method}: trade {out_trade_no} is paid")
        raise self.failure(method, answer)

    def trade_refund(
        self, *, out_trade_no: str, refund_no: str, amount: Decimal, reason: str
    ) -> RefundAnswer:
        method = "alipay.trade.refund"
        biz = {
            "out_trade_no": out_trade_no,
            "refund_amount": amount_text(amount),
            "out_request_no": refund_no,
            "refund_reason": subject_clean(reason)[:200] if reason else "",
        }
        answer = self.call(method, {key: value for key, value in biz.items() if value})
        if answer.get("code") != SUCCESS:
            raise self.failure(method, answer)
        if answer.get("out_trade_no") != out_trade_no:
            raise GatewayError(f"{method}: answer about another trade")
        message = (
            f"{answer.get('msg', '')}; trade_no={answer.get('trade_no', '')}; "
            f"fund_change={answer.get('fund_change', '')}; "
            f"refund_fee={answer.get('refund_fee', '')}"
        )
        return RefundAnswer(
            refund_no=refund_no, amount=Decimal(biz["refund_amount"]), message=message
        )
