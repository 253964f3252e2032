"""Checkout's raw ceiling: the order's own writes as bare SQL transactions, nothing else.

One real order is placed through the shop with ``CaptureQueriesContext``; its ``INSERT``s and
``UPDATE``s (the order rows and the stock take, as the ORM wrote them) are then replayed as bare
MySQLdb transactions, with a fresh order id each, from as many connections as the checkout
benchmark has buyers, until the SKU is sold out. What the shop adds on top (reading the cart,
the one-time key, the address, the Python between statements) is what the ratio measures.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from urllib.parse import urlsplit


def captured_order_writes(*, sku_id: int, user_id: int, address_id: int) -> tuple[list[str], str]:
    """The write statements of one order for ``sku_id``, and the order id they carry."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from shop import redis_cart, services

    key = redis_cart.user_cart_key(user_id)
    redis_cart.change_count(key=key, sku_id=sku_id, amount=1, stock=1, mode="add")
    token = services.checkout_token_issue(user_id=user_id, counts={sku_id: 1})
    with CaptureQueriesContext(connection) as captured:
        order = services.order_place(
            user=User.objects.get(pk=user_id),
            address_id=address_id,
            pay_method="cod",
            sku_ids=[sku_id],
            checkout_token=token,
        )
    writes = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].split(None, 1)[0].upper() in ("INSERT", "UPDATE")
    ]
    assert any(sql.upper().startswith("UPDATE") for sql in writes), writes
    return writes, order.order_id


def _connect(database_url: str):
    import MySQLdb

    url = urlsplit(database_url)
    return MySQLdb.connect(
        host=url.hostname,
        port=url.port or 3306,
        user=url.username or "root",
        password=url.password or "",
        database=url.path.lstrip("/"),
        charset="utf8mb4",
        autocommit=False,
    )


def _replay(database_url, writes, order_id, prefix, start_at, results):
    """One buyer: transactions of ``writes`` until the stock take finds nothing left."""
    connection = _connect(database_url)
    cursor = connection.cursor()
    orders = 0
    time.sleep(max(0.0, start_at - time.time()))
    while True:
        fresh = f"{prefix}{orders:09d}"[-len(order_id) :]
        taken = True
        for sql in writes:
            cursor.execute(sql.replace(order_id, fresh))
            if sql.upper().startswith("UPDATE") and cursor.rowcount == 0:
                taken = False
        if not taken:
            connection.rollback()
            break
        connection.commit()
        orders += 1
    connection.close()
    results.put((orders, time.time()))


def _process(database_url, writes, order_id, prefixes, start_at, results):
    threads = [
        threading.Thread(
            target=_replay, args=(database_url, writes, order_id, prefix, start_at, results)
        )
        for prefix in prefixes
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def raw_ceiling(*, database_url: str, buyers: int, stock: int, processes: int) -> dict:
    """Orders/s of the bare transactions selling ``stock`` units from ``buyers`` connections."""
    from checkout import _make_sku_and_shoppers
    from django.db import connections

    sku, shoppers = _make_sku_and_shoppers("raw", buyers, stock + 1)
    writes, order_id = captured_order_writes(
        sku_id=sku.pk, user_id=shoppers[0][0], address_id=shoppers[0][1]
    )
    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    stamp = time.strftime("%H%M%S")
    prefixes = [f"raw{stamp}{index:03d}" for index in range(buyers)]
    start_at = time.time() + 1.0
    workers = [
        context.Process(
            target=_process,
            args=(database_url, writes, order_id, prefixes[index::processes], start_at, results),
        )
        for index in range(processes)
    ]
    for worker in workers:
        worker.start()
    parts = [results.get(timeout=600) for _ in range(buyers)]
    for worker in workers:
        worker.join()
    orders = sum(count for count, _ in parts)
    elapsed = max(finished for _, finished in parts) - start_at
    return {"orders": orders, "elapsed": elapsed, "orders_per_second": orders / elapsed}
