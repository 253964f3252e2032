"""The gateway side of Alipay's protocol: what Alipay does with our requests.

The in-app sandbox (sandbox.py) and the tests' loopback server (shop/tests/fake_alipay_server.py)
both wrap ``FakeAlipay``: it checks the merchant's signature and app id on pay requests and API
calls, keeps trades in a store, pays them, and signs notifications and answers with the
gateway's own key exactly as Alipay does, so the shop's client code is what gets exercised.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Protocol

from .alipay import SHANGHAI, TIME_FORMAT
from .signing import amount_text, params_sign, params_verify, response_body, response_name

PAY_METHODS = {"alipay.trade.page.pay", "alipay.trade.wap.pay"}
TRADE_WAIT, TRADE_SUCCESS, TRADE_CLOSED = "WAIT_BUYER_PAY", "TRADE_SUCCESS", "TRADE_CLOSED"


class FakeRefused(Exception):
    """What Alipay would refuse, with its error codes."""

    def __init__(self, sub_code: str, message: str, code: str = "40004") -> None:
        super().__init__(f"{sub_code}: {message}")
        self.code, self.sub_code, self.message = code, sub_code, message


class TradeStore(Protocol):
    def get(self, out_trade_no: str) -> dict | None: ...
    def put(self, out_trade_no: str, trade: dict) -> None: ...
    def locked(self, out_trade_no: str): ...  # a context manager: one change at a time


class MemoryTradeStore:
    def __init__(self) -> None:
        self.trades: dict[str, dict] = {}
        self.lock = threading.RLock()

    def get(self, out_trade_no: str) -> dict | None:
        trade = self.trades.get(out_trade_no)
        return json.loads(json.dumps(trade)) if trade else None

    def put(self, out_trade_no: str, trade: dict) -> None:
        self.trades[out_trade_no] = json.loads(json.dumps(trade))

    @contextmanager
    def locked(self, out_trade_no: str) -> Iterator[None]:
        with self.lock:
            yield


def _parse_time(text: str) -> datetime:
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=SHANGHAI)


class FakeAlipay:
    def __init__(
        self,
        *,
        app_id: str,
        merchant_public_key,
        gateway_private_key,
        store: TradeStore,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.app_id = app_id
        self.merchant_public_key = merchant_public_key
        self.gateway_private_key = gateway_private_key
        self.store = store
        self.clock = clock or (lambda: datetime.now(SHANGHAI))

    def now_text(self) -> str:
        return self.clock().astimezone(SHANGHAI).strftime(TIME_FORMAT)

    def trade_no_new(self) -> str:
        # shaped like Alipay's: the date, "2200", then digits
        return f"{self.clock():%Y%m%d}2200{secrets.randbelow(10**16):016d}"

    def request_verify(self, params: Mapping[str, str]) -> dict:
        """A merchant's signed request: checked, and its biz_content returned."""
        if params.get("app_id") != self.app_id:
            raise FakeRefused("isv.invalid-app-id", "无效的AppID参数", code="40002")
        if params.get("sign_type") != "RSA2" or not params_verify(self.merchant_public_key, params):
            raise FakeRefused("isv.invalid-signature", "验签出错", code="40002")
        try:
            biz = json.loads(params.get("biz_content") or "")
        except ValueError:
            biz = None
        if not isinstance(biz, dict) or not biz.get("out_trade_no"):
            raise FakeRefused("isv.missing-biz-content", "缺少业务参数", code="40002")
        return biz

    # --- the cashier ----------------------------------------------------------------------

    def pay_request_accept(self, params: Mapping[str, str]) -> dict:
        """A page.pay / wap.pay request: verified, and its trade recorded (or found)."""
        if params.get("method") not in PAY_METHODS:
            raise FakeRefused("isv.invalid-method", "不存在的方法名", code="40002")
        biz = self.request_verify(params)
        try:
            total = Decimal(biz.get("total_amount", ""))
            expire = _parse_time(biz["time_expire"]) if biz.get("time_expire") else None
        except (InvalidOperation, ValueError):
            raise FakeRefused("ACQ.INVALID_PARAMETER", "参数无效", code="40002") from None
        if total <= 0 or total != total.quantize(Decimal("0.01")):
            raise FakeRefused("ACQ.INVALID_PARAMETER", "金额无效", code="40002")
        out_trade_no = biz["out_trade_no"]
        with self.store.locked(out_trade_no):
            trade = self.store.get(out_trade_no)
            if trade is None:
                trade = {
                    "out_trade_no": out_trade_no,
                    "trade_no": self.trade_no_new(),
                    "trade_status": TRADE_WAIT,
                    "gmt_create": self.now_text(),
                    "refund_fee": "0.00",
                    "refunds": {},
                }
            elif trade["trade_status"] != TRADE_WAIT:
                raise FakeRefused("ACQ.TRADE_HAS_SUCCESS", "交易已支付或已关闭")
            elif Decimal(trade["total_amount"]) != total:
                raise FakeRefused("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改")
            if expire is not None and self.clock() >= expire:
                raise FakeRefused("ACQ.TRADE_HAS_CLOSE", "交易已超时关闭")
            trade.update(
                total_amount=amount_text(total),
                subject=biz.get("subject", ""),
                time_expire=biz.get("time_expire", ""),
                product_code=biz.get("product_code", ""),
                notify_url=params.get("notify_url", ""),
                return_url=params.get("return_url", ""),
            )
            self.store.put(out_trade_no, trade)
        return trade

    def trade_pay(self, out_trade_no: str) -> dict:
        """The buyer pays: TRADE_SUCCESS once (paying a paid trade changes nothing)."""
        with self.store.locked(out_trade_no):
            trade = self.store.get(out_trade_no)
            if trade is None:
                raise FakeRefused("ACQ.TRADE_NOT_EXIST", "交易不存在")
            if trade["trade_status"] == TRADE_SUCCESS:
                return trade
            if trade["trade_status"] != TRADE_WAIT:
                raise FakeRefused("ACQ.TRADE_HAS_CLOSE", "交易已关闭")
            expire = trade.get("time_expire")
            if expire and self.clock() >= _parse_time(expire):
                trade["trade_status"] = TRADE_CLOSED
                self.store.put(out_trade_no, trade)
                raise FakeRefused("ACQ.TRADE_HAS_CLOSE", "交易已超时关闭")
            trade.update(trade_status=TRADE_SUCCESS, gmt_payment=self.now_text())
            self.store.put(out_trade_no, trade)
        return trade

    def notification_params(self, out_trade_no: str) -> dict[str, str]:
        """The asynchronous notification of a paid trade, signed as Alipay signs it."""
        trade = self.store.get(out_trade_no)
        if trade is None or not trade.get("gmt_payment"):
            raise FakeRefused("ACQ.TRADE_NOT_EXIST", "交易不存在或未支付")
        params = {
            "notify_time": self.now_text(),
            "notify_type": "trade_status_sync",
            "notify_id": secrets.token_hex(16),
            "app_id": self.app_id,
            "charset": "utf-8",
            "version": "1.0",
            "sign_type": "RSA2",
            "trade_no": trade["trade_no"],
            "out_trade_no": out_trade_no,
            "total_amount": trade["total_amount"],
            "trade_status": trade["trade_status"],
            "gmt_create": trade["gmt_create"],
            "gmt_payment": trade["gmt_payment"],
            "buyer_pay_amount": trade["total_amount"],
            "receipt_amount": trade["total_amount"],
            "subject": trade.get("subject", ""),
        }
        params["sign"] = params_sign(self.gateway_private_key, params, drop=("sign", "sign_type"))
        return params

    def return_params(self, out_trade_no: str) -> dict[str, str]:
        """The query string Alipay sends the shopper back with (never trusted by the shop)."""
        trade = self.store.get(out_trade_no) or {}
        params = {
            "charset": "utf-8",
            "out_trade_no": out_trade_no,
            "method": "alipay.trade.page.pay.return",
            "total_amount": trade.get("total_amount", ""),
            "trade_no": trade.get("trade_no", ""),
            "auth_app_id": self.app_id,
            "version": "1.0",
            "app_id": self.app_id,
            "sign_type": "RSA2",
            "timestamp": self.now_text(),
        }
        params["sign"] = params_sign(self.gateway_private_key, params, drop=("sign", "sign_type"))
        return params

    # --- the open API -----------------------------------------------------------------------

    def api_answer(self, form: Mapping[str, str]) -> str:
        """The body Alipay answers an API call (query, close, refund) with, signed."""
        method = form.get("method") or "alipay.unknown"
        handlers = {
            "alipay.trade.query": self._query,
            "alipay.trade.close": self._close,
            "alipay.trade.refund": self._refund,
        }
        try:
            if method not in handlers:
                raise FakeRefused("isv.invalid-method", "不存在的方法名", code="40002")
            answer = {
                "code": "10000",
                "msg": "Success",
                **handlers[method](self.request_verify(form)),
            }
        except FakeRefused as refused:
            answer = {
                "code": refused.code,
                "msg": "Business Failed" if refused.code == "40004" else "Invalid Arguments",
                "sub_code": refused.sub_code,
                "sub_msg": refused.message,
            }
        return response_body(response_name(method), answer, self.gateway_private_key)

    def _trade(self, out_trade_no: str) -> dict:
        trade = self.store.get(out_trade_no)
        if trade is None:
            raise FakeRefused("ACQ.TRADE_NOT_EXIST", "交易不存在")
        return trade

    def _query(self, biz: dict) -> dict:
        trade = self._trade(biz["out_trade_no"])
        answer = {key: trade[key] for key in ("out_trade_no", "trade_no", "trade_status")}
        answer["total_amount"] = trade["total_amount"]
        if trade.get("gmt_payment"):
            answer.update(
                buyer_pay_amount=trade["total_amount"], send_pay_date=trade["gmt_payment"]
            )
        return answer

    def _close(self, biz: dict) -> dict:
        out_trade_no = biz["out_trade_no"]
        with self.store.locked(out_trade_no):
            trade = self._trade(out_trade_no)
            if trade["trade_status"] != TRADE_WAIT:
                raise FakeRefused("ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
            trade["trade_status"] = TRADE_CLOSED
            self.store.put(out_trade_no, trade)
        return {"out_trade_no": out_trade_no, "trade_no": trade["trade_no"]}

    def _refund(self, biz: dict) -> dict:
        out_trade_no = biz["out_trade_no"]
        request_no = biz.get("out_request_no") or out_trade_no  # Alipay's default
        try:
            amount = Decimal(biz.get("refund_amount", ""))
        except InvalidOperation:
            raise FakeRefused("ACQ.INVALID_PARAMETER", "参数无效", code="40002") from None
        with self.store.locked(out_trade_no):
            trade = self._trade(out_trade_no)
            refunds, fund_change = trade.setdefault("refunds", {}), "N"
            if request_no in refunds:
                if Decimal(refunds[request_no]) != amount:
                    raise FakeRefused("ACQ.DISCORDANT_REPEAT_REQUEST", "请求信息不一致")
            elif trade["trade_status"] != TRADE_SUCCESS:
                raise FakeRefused("ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
            elif amount <= 0 or Decimal(trade["refund_fee"]) + amount > Decimal(
                trade["total_amount"]
            ):
                raise FakeRefused("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限")
            else:
                refunds[request_no], fund_change = amount_text(amount), "Y"
                trade["refund_fee"] = amount_text(Decimal(trade["refund_fee"]) + amount)
                if trade["refund_fee"] == trade["total_amount"]:
                    trade["trade_status"] = TRADE_CLOSED  # as Alipay does after a full refund
                self.store.put(out_trade_no, trade)
        return {
            "out_trade_no": out_trade_no,
            "trade_no": trade["trade_no"],
            "refund_fee": trade["refund_fee"],
            "fund_change": fund_change,
            "gmt_refund_pay": self.now_text(),
        }
