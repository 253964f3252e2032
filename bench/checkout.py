"""Checkout under contention, per stock strategy, and the cart's add endpoint under load.

    .venv/bin/python bench/checkout.py [--buyers 50] [--stock 2000] [--cart-requests 15000]

Needs MariaDB/MySQL and Redis (defaults: 127.0.0.1:3306 root, 127.0.0.1:6379; override with
DATABASE_URL / REDIS_URL). Part 1: BUYERS threads, each with its own connection, keep placing
one-unit orders for ONE SKU with STOCK units until it is sold out; for each strategy it prints
orders/s, attempts/s, conflicts, retries and the ratio to ``pessimistic``, and checks nothing
was oversold. The strategies take turns for ``--rounds`` rounds (these shared machines vary by
±15 % from minute to minute); the table shows each one's median round and the targets are
judged on it. Part 2: Granian (2 workers) serves the shop and ab POSTs ``/cart/add/`` on one
shopper's cart from 16 connections (ApacheBench, an exact number of requests); the final
count must equal the adds that were accepted.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import ROOT, ab_post, bench_env, manage, web_server  # noqa: E402

DEFAULT_DATABASE_URL = "mysql://root@127.0.0.1:3306/dailyfresh_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/3"


def prepare(env: dict[str, str]) -> None:
    import MySQLdb  # mysqlclient: pip install -r requirements-mysql.txt

    url = env["DATABASE_URL"]
    if url.startswith("mysql://"):
        name = url.rsplit("/", 1)[1]
        connection = MySQLdb.connect(host="127.0.0.1", user="root", port=3306)
        connection.cursor().execute(f"CREATE DATABASE IF NOT EXISTS `{name}` CHARACTER SET utf8mb4")
        connection.close()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")


def _make_sku_and_shoppers(strategy: str, buyers: int, stock: int):
    from accounts.models import Address, User
    from catalog.models import GoodsSKU
    from shop.models import DeliverySlot

    # the stock's race alone: with no delivery slots offered, an order needs none
    DeliverySlot.objects.all().delete()
    template = GoodsSKU.objects.filter(is_on_sale=True).order_by("id").first()
    sku = GoodsSKU.objects.create(
        spu=template.spu,
        category=template.category,
        name=f"压测 {strategy}",
        price=template.price,
        unit=template.unit,
        stock=stock,
        sales=0,
        image=template.image,
    )
    shoppers = []
    for index in range(buyers):
        user, _ = User.objects.get_or_create(username=f"bench_buyer_{index}")
        address = Address.objects.filter(user=user).first() or Address.objects.create(
            user=user,
            receiver="压测",
            address="压测地址",
            zip_code="100000",
            phone="13800000000",
            is_default=True,
        )
        shoppers.append((user.pk, address.pk))
    return sku, shoppers


def _buyers_process(strategy, sku_id, shoppers, start_at, results):
    """One worker process (like a web server worker): a thread per buyer, each buying until
    the SKU is sold out."""
    from django.conf import settings
    from django.db import connection
    from stock_counters import StockCounters

    from accounts.models import User
    from shop import redis_cart, services
    from shop.exceptions import InsufficientStock, StockContention

    settings.ORDER_STOCK_STRATEGY = strategy  # this process's web workers run this strategy
    counters = StockCounters().install()
    totals = {"orders": 0, "conflicts": 0, "attempts": 0, "retries": 0, "errors": 0}
    lock = threading.Lock()

    def buyer(user_id, address_id):
        mine = {"orders": 0, "conflicts": 0, "errors": 0}
        user = User.objects.get(pk=user_id)
        key = redis_cart.user_cart_key(user_id)
        time.sleep(max(0.0, start_at - time.time()))
        try:
            while True:
                redis_cart.change_count(key=key, sku_id=sku_id, amount=1, stock=1, mode="add")
                # what the confirmation page does: every order needs its one-time key
                token = services.checkout_token_issue(user_id=user_id, counts={sku_id: 1})
                try:
                    services.order_place(
                        user=user,
                        address_id=address_id,
                        pay_method="cod",
                        sku_ids=[sku_id],
                        checkout_token=token,
                    )
                    mine["orders"] += 1
                except InsufficientStock:
                    mine["conflicts"] += 1
                    break  # sold out
                except StockContention:
                    mine["conflicts"] += 1
                except Exception:
                    mine["errors"] += 1
                    break
        finally:
            connection.close()
            with lock:
                for name, value in mine.items():
                    totals[name] += value

    threads = [threading.Thread(target=buyer, args=shopper) for shopper in shoppers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    totals["attempts"], totals["retries"] = counters.attempts, counters.retries
    totals["finished"] = time.time()
    results.put(totals)


def _cpu_busy_seconds() -> float:
    """Seconds all CPUs of the machine have spent busy so far (buyers, MariaDB, Redis, all)."""
    fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def contention(strategy: str, *, buyers: int, stock: int, processes: int) -> dict:
    import multiprocessing

    from django.db import connections

    from catalog.models import GoodsSKU
    from shop.models import OrderInfo

    sku, shoppers = _make_sku_and_shoppers(strategy, buyers, stock)
    connections.close_all()  # each forked process opens its own
    results = multiprocessing.get_context("fork").Queue()
    start_at = time.time() + 1.0
    workers = [
        multiprocessing.get_context("fork").Process(
            target=_buyers_process,
            args=(strategy, sku.pk, shoppers[index::processes], start_at, results),
        )
        for index in range(processes)
    ]
    for worker in workers:
        worker.start()
    time.sleep(max(0.0, start_at - time.time()))
    busy_before = _cpu_busy_seconds()
    parts = [results.get(timeout=600) for _ in workers]
    busy = _cpu_busy_seconds() - busy_before
    for worker in workers:
        worker.join()
    elapsed = max(part["finished"] for part in parts) - start_at
    totals = {
        name: sum(part[name] for part in parts)
        for name in ("orders", "conflicts", "attempts", "retries", "errors")
    }

    sku = GoodsSKU.objects.get(pk=sku.pk)
    placed = OrderInfo.objects.filter(lines__sku=sku).count()
    return {
        **totals,
        "elapsed": elapsed,
        "orders_per_second": totals["orders"] / elapsed,
        "attempts_per_second": totals["attempts"] / elapsed,
        # what explains the figures: conditional is bound by CPU per order, pessimistic by how
        # long each order holds the row lock (1 / orders per second) with CPU to spare
        "cpu_ms_per_order": 1000 * busy / max(totals["orders"], 1),
        "busy_percent": 100 * busy / elapsed / os.cpu_count(),
        "oversold": max(0, -sku.stock) + max(0, placed - stock),
        "consistent": sku.stock == stock - placed and sku.sales == placed,
    }


def _median_round(runs: list[dict]) -> dict:
    """The round with the median orders/s (the lower middle one for an even count)."""
    ordered = sorted(runs, key=lambda run: run["orders_per_second"])
    return ordered[(len(ordered) - 1) // 2]


def cart_hammer(env: dict[str, str], *, requests: int, port: int, workers: int) -> dict:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cache import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    from accounts.models import User
    from catalog.models import GoodsSKU
    from shop import redis_cart

    user, _ = User.objects.get_or_create(username="bench_cart")
    sku = GoodsSKU.objects.filter(is_on_sale=True).order_by("id").first()
    GoodsSKU.objects.filter(pk=sku.pk).update(stock=10**9)
    key = redis_cart.user_cart_key(user.pk)
    redis_cart.delete(key)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the one with users
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    csrf = _get_new_csrf_string()
    headers = {"Cookie": f"sessionid={session.session_key}; csrftoken={csrf}", "X-CSRFToken": csrf}
    with web_server(env, port=port, workers=workers) as base_url:
        result = ab_post(
            f"{base_url}/cart/add/",
            body=f"sku_id={sku.pk}&count=1",
            headers=headers,
            requests=requests,
        )
    final = redis_cart.items(key).get(sku.pk, 0)
    return {"result": result, "final": final}


def cart_report(hammer: dict) -> list[str]:
    result = hammer["result"]
    print(
        f"\nPOST /cart/add/ on one cart, 16 connections: {result.requests_per_second:,.0f} req/s, "
        f"p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms; accepted {result.accepted}, "
        f"errors {result.errors}, final count {hammer['final']}"
    )
    failures = []
    if hammer["final"] != result.accepted:
        failures.append(f"cart lost updates: {result.accepted} accepted, {hammer['final']} counted")
    if result.requests_per_second < 1000:
        failures.append(f"cart add {result.requests_per_second:.0f} req/s < 1000")
    return failures


def contention_rounds(args) -> tuple[dict[str, list[dict]], list[str]]:
    """Every strategy in turn, ``--rounds`` times; the failures a round showed."""
    failures = []
    strategies = args.strategies.split(",")
    print(
        f"\n{args.buyers} buyers in {args.processes} processes, one SKU with {args.stock} "
        f"in stock, one unit per order; {args.rounds} rounds, strategies taking turns\n"
    )
    rounds = {strategy: [] for strategy in strategies}
    for number in range(1, args.rounds + 1):
        for strategy in strategies:
            r = contention(strategy, buyers=args.buyers, stock=args.stock, processes=args.processes)
            rounds[strategy].append(r)
            print(f"round {number}: {strategy} {r['orders_per_second']:,.0f} orders/s", flush=True)
            if r["oversold"] or not r["consistent"]:
                failures.append(f"{strategy}: oversold or inconsistent stock")
            if r["errors"]:
                failures.append(f"{strategy}: {r['errors']} errors reached a buyer")
    return rounds, failures


def contention_report(rounds: dict[str, list[dict]]) -> list[str]:
    """The table of each strategy's median round, and the targets it missed."""
    failures = []
    results = {strategy: _median_round(runs) for strategy, runs in rounds.items()}
    print(
        "\n| strategy | orders/s (median) | range | attempts/s | conflicts | retries | errors "
        "| oversold | × pessimistic | CPU busy | CPU ms/order |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    base = results["pessimistic"]["orders_per_second"] if "pessimistic" in results else None
    for strategy, r in results.items():
        ratio = f"{r['orders_per_second'] / base:.2f}" if base else "–"
        speeds = [run["orders_per_second"] for run in rounds[strategy]]
        print(
            f"| {strategy} | {r['orders_per_second']:,.0f} | {min(speeds):,.0f}–{max(speeds):,.0f} "
            f"| {r['attempts_per_second']:,.0f} | {r['conflicts']} | {r['retries']} | "
            f"{r['errors']} | {r['oversold']} | {ratio} | {r['busy_percent']:.0f} % | "
            f"{r['cpu_ms_per_order']:.2f} |"
        )
    if "conditional" in results:
        conditional = results["conditional"]["orders_per_second"]
        if base and conditional < 2 * base:
            failures.append(f"conditional only {conditional / base:.2f}x pessimistic (< 2x)")
        if conditional < 300:
            failures.append(f"conditional {conditional:.0f} orders/s < 300")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, default=50)
    parser.add_argument("--stock", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=4, help="buyer processes")
    parser.add_argument("--rounds", type=int, default=3, help="turns of every strategy")
    parser.add_argument("--cart-requests", type=int, default=15_000)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument(
        "--strategies", default="pessimistic,optimistic,conditional", help="comma-separated"
    )
    parser.add_argument("--web-workers", type=int, default=2, help="web server workers")
    parser.add_argument("--skip-cart", action="store_true", help="only the checkout part")
    args = parser.parse_args()

    env = bench_env(
        ROOT / "var" / "bench-checkout",
        DATABASE_URL=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        REDIS_URL=os.environ.get("REDIS_URL", DEFAULT_REDIS_URL),
        CELERY_BROKER_URL=os.environ.get("CELERY_BROKER_URL", DEFAULT_REDIS_URL),
        CONN_MAX_AGE="60",
        # one shopper adding thousands of times a second: the per-client limit still counts
        # every request, but must not turn them away
        RATE_LIMIT_JSON="100000000/m",
    )
    os.environ.update(env)
    print("migrating and seeding the bench database ...", flush=True)
    prepare(env)

    import django

    django.setup()

    rounds, failures = contention_rounds(args)
    failures += contention_report(rounds)

    if not args.skip_cart:
        failures += cart_report(
            cart_hammer(env, requests=args.cart_requests, port=args.port, workers=args.web_workers)
        )

    print("\n" + ("targets met" if not failures else "MISSED: " + "; ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
