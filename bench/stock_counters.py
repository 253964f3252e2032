"""What placing orders cost, counted by the benchmark from outside the shop.

Wraps the stock service's taking functions (``catalog.stock``) in this process: each call is an
attempt, a compare-and-set that found the stock changed is a retry; a transaction rolled back and
tried again is counted from the checkout's log line. The shop itself carries no counters.
"""

from __future__ import annotations

import logging
import threading
from functools import wraps

TAKING = ("stock_take_if_enough", "stock_take_if_unchanged", "stock_take_locked")


class StockCounters(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.attempts = 0
        self.retries = 0
        self._lock = threading.Lock()

    def install(self) -> StockCounters:
        from catalog import stock

        for name in TAKING:
            setattr(stock, name, self._counted(getattr(stock, name), name))
        checkout_log = logging.getLogger("shop.services.checkout")
        checkout_log.setLevel(logging.INFO)
        checkout_log.addHandler(self)
        return self

    def _counted(self, take, name: str):
        @wraps(take)
        def counted(**kwargs):
            taken = take(**kwargs)
            with self._lock:
                self.attempts += 1
                if name == "stock_take_if_unchanged" and not taken:
                    self.retries += 1
            return taken

        return counted

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("order rolled back"):
            with self._lock:
                self.retries += 1
