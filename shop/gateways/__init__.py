"""Online payment gateways: one interface, one small class per gateway.

``AlipayGateway`` (alipay.py) speaks Alipay's open API; ``SandboxGateway`` (sandbox.py) is the
same client talking to a gateway of our own (fake.py) with keys generated on first use, so the
sandbox runs exactly the code Alipay does. Gateway calls do network I/O: callers make them
outside database transactions and row locks.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from django.conf import settings

from ..exceptions import PaymentUnavailable
from ..models import PayMethod

PAID_STATUSES = frozenset({"TRADE_SUCCESS", "TRADE_FINISHED"})


@dataclass(frozen=True)
class Trade:
    """A trade as the gateway's query answers it."""

    out_trade_no: str
    trade_no: str
    total_amount: Decimal
    trade_status: str

    @property
    def paid(self) -> bool:
        return self.trade_status in PAID_STATUSES


@dataclass(frozen=True, kw_only=True)
class Notification(Trade):
    """A trade as an asynchronous notification reports it, signature and app id verified."""

    app_id: str


@dataclass(frozen=True)
class RefundAnswer:
    refund_no: str
    amount: Decimal
    message: str


class GatewayError(Exception):
    """The gateway could not be reached or answered an error: try again later."""


class GatewayRefused(GatewayError):
    """A definite "no" (closing a paid trade, refunding more than was paid): do not retry."""


class NotificationInvalid(Exception):
    """A notification with a bad signature, another app's id, or fields missing."""


class PaymentGateway(ABC):
    pay_method: str  # a PayMethod value
    app_id: str

    @abstractmethod
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
        """Where to send the shopper to pay: absolute, or site-relative for the sandbox."""

    @abstractmethod
    def notification_verify(self, params: Mapping[str, str]) -> Notification:
        """Raises NotificationInvalid."""

    @abstractmethod
    def trade_query(self, *, out_trade_no: str) -> Trade | None:
        """None when the gateway knows no such trade (the shopper never opened the page)."""

    @abstractmethod
    def trade_close(self, *, out_trade_no: str) -> None:
        """An unknown or already closed trade is fine; a paid one raises GatewayRefused."""

    @abstractmethod
    def trade_refund(
        self, *, out_trade_no: str, refund_no: str, amount: Decimal, reason: str
    ) -> RefundAnswer:
        """Idempotent per refund_no: asking again with the same refund_no refunds once."""


def alipay_configured() -> bool:
    return bool(
        settings.ALIPAY_APP_ID and settings.ALIPAY_PRIVATE_KEY and settings.ALIPAY_PUBLIC_KEY
    )


def pay_methods_online() -> set[str]:
    methods = set()
    if alipay_configured():
        methods.add(PayMethod.ALIPAY.value)
    if settings.SANDBOX_PAYMENT_ENABLED:
        methods.add(PayMethod.SANDBOX.value)
    return methods


def gateway_for(pay_method: str) -> PaymentGateway:
    """The gateway of ``pay_method``; PaymentUnavailable when it is not configured."""
    if pay_method == PayMethod.ALIPAY and alipay_configured():
        return _alipay_gateway(
            settings.ALIPAY_APP_ID,
            settings.ALIPAY_PRIVATE_KEY,
            settings.ALIPAY_PUBLIC_KEY,
            settings.ALIPAY_GATEWAY_URL,
            float(settings.ALIPAY_TIMEOUT_SECONDS),
        )
    if pay_method == PayMethod.SANDBOX and settings.SANDBOX_PAYMENT_ENABLED:
        from .sandbox import sandbox_gateway

        return sandbox_gateway()
    raise PaymentUnavailable


# Keyed on the settings, so keys are parsed once per process and a test that changes the
# settings gets a gateway of its own.
@lru_cache(maxsize=8)
def _alipay_gateway(
    app_id: str, private_key: str, public_key: str, gateway_url: str, timeout: float
) -> PaymentGateway:
    from .alipay import AlipayGateway

    return AlipayGateway(
        app_id=app_id,
        private_key=private_key,
        alipay_public_key=public_key,
        gateway_url=gateway_url,
        timeout=timeout,
    )
