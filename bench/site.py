"""The site's speed table, side by side in one run (``make bench``).

    .venv/bin/python bench/site.py [--goods 10000] [--seconds 10] [--edits 5] [--rounds 3]

Seeds an isolated shop (var/bench-site/, MariaDB ``df_bench``, Redis databases 13–15) with
``seed_demo --goods N``, publishes every page (timed), starts ``make serve``'s stack on loopback
(nginx, Granian, a Celery worker and beat) and measures, with wrk at 16 connections: nginx
serving a static file of the homepage's size (the ceiling), whole page views (the HTML and
every call its script makes) anonymous and logged in, ``/session/`` and ``/goods/live/`` alone,
``POST /cart/add/``, edit-to-live; then the render times and checkout against its raw SQL
ceiling. Prints one table and the targets; exits non-zero when one is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import stack  # noqa: E402
from pageviews import Call, Shopper, play  # noqa: E402
from report import Table  # noqa: E402

SHOPPER = ("bench_shopper", "bench-shopper-2026")
CEILING_FILE = "goods/fragments/bench-ceiling.html"
DEEP_PAGE = 300


def catalog_paths(page_size: int) -> dict[str, str]:
    """The pages measured: homepage, a long category's page 1 and page 300 (or its last), a
    goods page."""
    from catalog.models import CategoryPage, GoodsSKU

    counts = {
        category: GoodsSKU.objects.on_shelf().filter(category=category).count()
        for category in CategoryPage.objects.live()
    }
    category = max(counts, key=counts.get)
    pages = max(1, -(-counts[category] // page_size))
    deep = min(DEEP_PAGE, pages)
    sku = GoodsSKU.objects.on_shelf().filter(category=category).order_by("id")[50]
    return {
        "homepage": "/",
        "list page 1": category.url,
        f"list page {deep}": f"{category.url}?page={deep}",
        "detail": f"/goods/{sku.pk}/",
        "_pages": str(pages),
    }


def shopper_ensure() -> int:
    from accounts.models import User
    from catalog.models import GoodsSKU

    user, _ = User.objects.get_or_create(username=SHOPPER[0])
    user.set_password(SHOPPER[1])
    user.is_active = True
    user.save()
    sku = GoodsSKU.objects.on_shelf().order_by("id").first()
    GoodsSKU.objects.filter(pk=sku.pk).update(stock=10**9)
    return sku.pk


def ceiling(base_url: str, table: Table, seconds: int) -> float:
    """nginx serving the homepage's own bytes (and .gz) as a file of the snapshot storage."""
    from django.conf import settings

    root = Path(settings.SNAPSHOT_ROOT)
    target = root / CEILING_FILE
    for suffix in ("", ".gz"):
        Path(f"{target}{suffix}").write_bytes((root / f"index.html{suffix}").read_bytes())
    try:
        _same_headers(base_url, f"/{CEILING_FILE}", table)
        result = play(
            base_url,
            [Call("GET", f"/{CEILING_FILE}", {"Accept-Encoding": "gzip"})],
            seconds=seconds,
        )
    finally:
        for suffix in ("", ".gz"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    size = (root / "index.html.gz").stat().st_size
    table.row(
        "nginx: the homepage's bytes as a static file (ceiling)",
        result.views_per_second,
        "req/s",
        f"{size:,} B gzip",
        failed=result.failed,
    )
    return result.views_per_second


def _same_headers(base_url: str, path: str, table: Table) -> None:
    """The ceiling's file must carry the published homepage's headers (same nginx location)."""
    from urllib.request import urlopen

    def names(url: str) -> set[str]:
        with urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return {name.lower() for name in response.headers}

    differ = names(base_url + path) ^ names(base_url + "/")
    if differ:
        table.note(f"the ceiling's headers differ from the homepage's: {sorted(differ)}")


def page_views(base_url, paths, shopper, table, *, seconds, who) -> dict[str, float]:
    import browser

    speeds = {}
    for name, path in paths.items():
        if name.startswith("_"):
            continue
        calls = browser.page_view(base_url, path, shopper)
        play(base_url, calls, seconds=2)  # warm up
        result = play(base_url, calls, seconds=seconds)
        speeds[name] = result.views_per_second
        table.row(
            f"page view, {who}: {name} `{path}`",
            result.views_per_second,
            "views/s",
            " → ".join(call.path.split("?")[0] for call in calls[1:]) or "HTML only",
            failed=result.failed,
        )
    return speeds


def json_alone(base_url, shopper: Shopper, live: Call, table: Table, seconds: int) -> None:
    ids = live.path.split("=", 1)[1].count(",") + 1
    for label, path in (
        ("/session/ (logged in)", "/session/"),
        (f"/goods/live/ (list page 1's {ids} ids)", live.path),
    ):
        result = play(base_url, [Call("GET", path, shopper.header())], seconds=seconds)
        table.row(f"GET {label} alone", result.views_per_second, "req/s", "", failed=result.failed)


def cart_add(base_url, shopper: Shopper, sku_id: int, table: Table, requests: int) -> None:
    from common import ab_post

    headers = {**shopper.header(), "X-CSRFToken": shopper.cookies["csrftoken"]}
    result = ab_post(
        f"{base_url}/cart/add/", body=f"sku_id={sku_id}&count=1", headers=headers, requests=requests
    )
    table.row(
        "POST /cart/add/ (logged in)",
        result.requests_per_second,
        "req/s",
        f"p99 {result.p99_ms:.0f} ms",
        failed=result.errors,
    )


def served_part(env, args, table: Table) -> None:
    """Everything measured through nginx, with the stack running."""
    import browser
    import liveness
    from django.conf import settings

    paths = catalog_paths(settings.CATALOG_PAGE_SIZE)
    if int(paths["_pages"]) < DEEP_PAGE:
        table.note(
            f"the longest category has {paths['_pages']} pages (< {DEEP_PAGE}) with "
            f"--goods {args.goods}: its last page stands in for page {DEEP_PAGE}"
        )
    cart_sku = shopper_ensure()
    print("serving: nginx, Granian, Celery worker and beat ...", flush=True)
    with stack.served(env) as base_url:
        top = ceiling(base_url, table, args.seconds)
        anonymous = page_views(
            base_url, paths, Shopper(), table, seconds=args.seconds, who="anonymous"
        )
        shopper = browser.log_in(
            base_url, username=SHOPPER[0], password=SHOPPER[1], cart_sku_id=cart_sku
        )
        logged_in = page_views(
            base_url, paths, shopper, table, seconds=args.seconds, who="logged in"
        )
        live = browser.live_call(base_url, paths["list page 1"])
        json_alone(base_url, shopper, live, table, args.seconds)
        cart_add(base_url, shopper, cart_sku, table, args.cart_requests)
        detail_id = int(paths["detail"].strip("/").rsplit("/", 1)[1])
        edits = liveness.edit_to_live_median(env, base_url, sku_id=detail_id, rounds=args.edits)
    for name, speed in anonymous.items():
        table.target(f"anonymous {name}: views/s of the ceiling", 100 * speed / top, 50, unit=" %")
    for name, speed in logged_in.items():
        table.target(f"logged-in {name}: views/s", speed, 1000)
    times = ", ".join(f"{t:.2f}" if t < liveness.GIVE_UP_SECONDS else "—" for t in edits["times"])
    if max(edits["times"]) >= liveness.GIVE_UP_SECONDS:
        table.note(f"edit to live: — is a rename not served within {liveness.GIVE_UP_SECONDS} s")
    table.row("edit to live (SKU rename, commit → nginx)", edits["median"], "s median", times)
    table.target("one-page edit live after its commit", edits["median"], 5, higher=False, unit=" s")


def renders_part(env, table: Table, rounds: int) -> None:
    from renders import TARGETS_MS, render_times

    for row in render_times(env, rounds=rounds):
        target = TARGETS_MS.get(row.page)
        table.row(
            f"render {row.page} `{row.url}` (CPU, median of {rounds})",
            row.cpu_median_ms,
            "ms",
            f"{row.queries} queries, {row.bytes:,} B",
        )
        if target:
            table.target(
                f"render {row.page}, CPU median",
                row.cpu_median_ms,
                target,
                higher=False,
                unit=" ms",
            )


def checkout_part(env, args, table: Table) -> None:
    """Checkout orders/s and its raw SQL ceiling, taking turns for ``--rounds`` rounds."""
    from checkout import contention
    from django.conf import settings
    from rawsql import raw_ceiling

    strategy = settings.ORDER_STOCK_STRATEGY
    shop, raw = [], []
    for _ in range(args.rounds):
        shop.append(
            contention(strategy, buyers=args.buyers, stock=args.stock, processes=args.processes)[
                "orders_per_second"
            ]
        )
        raw.append(
            raw_ceiling(
                database_url=env["DATABASE_URL"],
                buyers=args.buyers,
                stock=args.stock,
                processes=args.processes,
            )["orders_per_second"]
        )
    shop_median, raw_median = statistics.median(shop), statistics.median(raw)
    spread = f"{args.buyers} buyers, {args.rounds} rounds"
    table.row(f"checkout ({strategy}), one SKU", shop_median, "orders/s", spread)
    table.row(
        "checkout's raw ceiling: its INSERTs + UPDATE as bare SQL", raw_median, "orders/s", spread
    )
    table.target(
        "checkout: orders/s of its raw ceiling", 100 * shop_median / raw_median, 50, unit=" %"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goods", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run")
    parser.add_argument("--edits", type=int, default=5, help="edit-to-live rounds")
    parser.add_argument("--renders", type=int, default=20, help="renders per page")
    parser.add_argument("--rounds", type=int, default=3, help="checkout rounds")
    parser.add_argument("--buyers", type=int, default=50)
    parser.add_argument("--stock", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--cart-requests", type=int, default=15_000)
    args = parser.parse_args()

    env = stack.site_env()
    os.environ.update(env)
    print(f"seeding {args.goods:,} goods into {stack.VAR_DIR} ...", flush=True)
    stack.prepare(env, goods=args.goods)
    import django

    django.setup()
    table = Table(stack.machine())
    print("publishing every page (publish_snapshots --all) ...", flush=True)
    seconds = stack.publish_all(env)
    table.row(f"publish_snapshots --all ({stack.published_count():,} files)", seconds, "s", "")
    table.target("publishing the whole catalog", seconds, 600, higher=False, unit=" s")
    served_part(env, args, table)
    renders_part(env, table, args.renders)
    checkout_part(env, args, table)
    return table.print()


if __name__ == "__main__":
    sys.exit(main())
