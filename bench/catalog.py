"""Catalog speed: category lists (page 1, a deep page, each sort) and a detail page.

    .venv/bin/python bench/catalog.py [--goods 10000] [--seconds 10]

Seeds an isolated shop under var/bench-catalog/ with ``seed_demo --goods N``, serves it with
Granian (2 workers) on loopback, loads each URL with wrk at 16 connections and prints req/s,
p50 and p99, the SQL queries each page runs, and the cold (uncached) render time of page 1
against a deep page. Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, bench_env, manage, web_server, wrk_load  # noqa: E402

TARGETS = {"list_rps": 400, "list_p99_ms": 100, "detail_rps": 600, "queries": 8, "deep_ratio": 1.5}

# Run inside the shop (manage.py shell): SQL queries per page, and cold render times.
PROBE = r"""
import json, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from catalog.models import CategoryPage, GoodsSKU
from catalog.signal_handlers import bump_catalog_version

category = CategoryPage.objects.live().order_by("path").first()
sku = GoodsSKU.objects.on_shelf().filter(category=category).order_by("id")[50]
base = category.url
deep = (GoodsSKU.objects.on_shelf().filter(category=category).count() + 14) // 15
urls = {
    "list page 1": base,
    "list deep page": f"{base}?page={deep}",
    "list page 300": f"{base}?page=300",
    "list sort=price": f"{base}?sort=price",
    "list sort=hot": f"{base}?sort=hot",
    "detail": f"/goods/{sku.pk}/",
}
from django.test import override_settings

# The view's own work: the whole-page cache off, its fragment caches as they are.
override_settings(ANONYMOUS_PAGE_CACHE=False).enable()
client = Client(HTTP_HOST="127.0.0.1")
queries = {}
for name, url in urls.items():
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    queries[name] = len(captured)

def cold_ms(url, rounds=15):
    total = 0.0
    for _ in range(rounds):
        bump_catalog_version(None)  # every cached catalog fragment goes stale
        start = time.perf_counter()
        client.get(url)
        total += time.perf_counter() - start
    return total / rounds * 1000

cold = {"page 1": cold_ms(base), "deep page": cold_ms(f"{base}?page={deep}")}
print(json.dumps({"urls": urls, "queries": queries, "cold": cold, "deep": deep}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goods", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    var_dir = ROOT / "var" / "bench-catalog"
    env = bench_env(var_dir)
    print(f"seeding {args.goods} goods into {var_dir} ...", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--goods", str(args.goods))
    probe = json.loads(manage(env, "shell", "-c", PROBE).strip().splitlines()[-1])

    rows, failures = [], []
    with web_server(env, port=args.port) as base_url:
        for name, path in probe["urls"].items():
            wrk_load(base_url + path, seconds=2)  # warm up: renditions, caches, workers
            result = wrk_load(base_url + path, seconds=args.seconds)
            rows.append((name, result, probe["queries"][name]))

    print()
    print("| page | req/s | p50 ms | p99 ms | errors | SQL queries (page cache off) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, result, queries in rows:
        print(
            f"| {name} | {result.requests_per_second:,.0f} | {result.p50_ms:.1f} | "
            f"{result.p99_ms:.1f} | {result.errors} | {queries} |"
        )
        is_detail = name == "detail"
        if result.errors:
            failures.append(f"{name}: {result.errors} errors")
        if is_detail and result.requests_per_second < TARGETS["detail_rps"]:
            failures.append(f"{name}: {result.requests_per_second:.0f} req/s < 600")
        if not is_detail and result.requests_per_second < TARGETS["list_rps"]:
            failures.append(f"{name}: {result.requests_per_second:.0f} req/s < 400")
        if not is_detail and result.p99_ms > TARGETS["list_p99_ms"]:
            failures.append(f"{name}: p99 {result.p99_ms:.0f} ms > 100")
        if queries > TARGETS["queries"]:
            failures.append(f"{name}: {queries} queries > 8")
    cold = probe["cold"]
    ratio = cold["deep page"] / cold["page 1"]
    print()
    print(
        f"cold render (page and fragment caches off): page 1 {cold['page 1']:.1f} ms, "
        f"deep page {probe['deep']} {cold['deep page']:.1f} ms, ratio {ratio:.2f}"
    )
    if ratio > TARGETS["deep_ratio"]:
        failures.append(f"deep page costs {ratio:.2f}x page 1 > 1.5x")
    print()
    print("targets met" if not failures else "MISSED: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
