"""Render cost of the published pages: what the publisher pays for each page it writes.

    .venv/bin/python bench/renders.py [--goods 10000] [--rounds 20] [--profile PAGE]

Seeds (or reuses) an isolated shop under var/bench-renders/ with ``seed_demo --goods N`` and,
inside it, renders the homepage, a category list (page 1 and a deep page: 300, or the last when
the category is shorter) and a goods detail page the way the publisher does: an anonymous
``RequestFactory`` GET, the view found by ``resolve(path)`` and called, its response rendered.
Each page is rendered once to warm up (renditions, template loader), then ``rounds`` times with
the Django cache cleared before each render, so no cached fragment makes a render look cheap.
Prints median and p90 (CPU and wall ms) and the SQL queries per render, with the query counts
of a 100-SKU shop beside them; exits non-zero when a target is missed or the counts differ.

``render_times(env)`` measures an already seeded shop; ``make bench`` (bench/site.py) uses it.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, bench_env, manage  # noqa: E402

# Median CPU ms per render (issue 12, point 6).
TARGETS_MS = {"homepage": 25.0, "list page 1": 12.0, "list deep page": 12.0, "detail": 8.0}

# Run inside the shop (manage.py shell -c); PARAMS is replaced with a JSON object.
PROBE = r"""
import cProfile, io, json, pstats, statistics, time
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import translation
from catalog.models import CategoryPage, GoodsSKU

params = json.loads(PARAMS)
counts = {}
for page in CategoryPage.objects.live().order_by("path"):
    counts[page] = GoodsSKU.objects.on_shelf().filter(category=page).count()
category = max(counts, key=lambda page: counts[page])
last = max(1, -(-counts[category] // settings.CATALOG_PAGE_SIZE))
deep = min(300, last)
# a detail page with a gallery when there is one: the most a detail page shows
sku = (
    GoodsSKU.objects.on_shelf().annotate(pictures=Count("gallery"))
    .order_by("-pictures", "id").first()
)
pages = {
    "homepage": ("/", {}),
    "list page 1": (category.url, {}),
    "list deep page": (category.url, {"page": str(deep)}),
    "detail": (f"/goods/{sku.pk}/", {}),
}

def render(path, query):
    # as the publisher renders: no middleware, an anonymous shopper, the default language
    request = RequestFactory().get(path, query, HTTP_HOST="localhost")
    request.user = AnonymousUser()
    request.session = SessionStore()
    request.LANGUAGE_CODE = settings.LANGUAGE_CODE
    match = resolve(path)
    request.resolver_match = match
    with translation.override(settings.LANGUAGE_CODE):
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
    assert response.status_code == 200, (path, query, response.status_code)
    return response.content

def p90(values):
    return sorted(values)[max(0, round(len(values) * 0.9) - 1)]

results = {}
for name, (path, query) in pages.items():
    render(path, query)  # warm-up: renditions made, templates loaded
    cpu, wall, queries, sizes = [], [], [], set()
    for _ in range(params["rounds"]):
        cache.clear()  # cold: nothing a cache kept from the last render
        with CaptureQueriesContext(connection) as captured:
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            content = render(path, query)
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start_wall) * 1000)
        queries.append(len(captured))
        sizes.add(len(content))
    results[name] = {
        "url": path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""),
        "cpu_median": statistics.median(cpu), "cpu_p90": p90(cpu), "cpu_min": min(cpu),
        "wall_median": statistics.median(wall), "wall_p90": p90(wall),
        "queries": max(queries), "bytes": max(sizes),
    }
    if params["profile"] == name:
        cache.clear()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(params["rounds"]):
            render(path, query)
            cache.clear()
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(60)
        results[name]["profile"] = out.getvalue()
print(json.dumps(results))
"""


@dataclass
class RenderTime:
    page: str
    url: str
    cpu_median_ms: float
    cpu_p90_ms: float
    cpu_min_ms: float
    wall_median_ms: float
    wall_p90_ms: float
    queries: int
    bytes: int
    profile: str = ""


def seed(var_dir: Path, *, goods: int) -> dict[str, str]:
    """An isolated shop under ``var_dir`` with ``goods`` bulk SKUs; its environment.

    A shop seeded before is reused: seed_demo also publishes every page (minutes for 10,000
    goods), which these renders do not need."""
    env = bench_env(var_dir)
    marker = var_dir / f"seeded-{goods}"
    if not marker.exists():
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo", "--goods", str(goods))
        marker.touch()
    return env


def render_times(env: dict[str, str], *, rounds: int = 20, profile: str = "") -> list[RenderTime]:
    """Cold in-process renders of the homepage, a list page (1 and deep) and a detail page of
    the seeded shop ``env`` names; ``profile`` (a page name) adds its cProfile listing."""
    params = json.dumps({"rounds": rounds, "profile": profile})
    probe = PROBE.replace("PARAMS", repr(params))
    output = manage(env, "shell", "-c", probe).strip().splitlines()[-1]
    return [
        RenderTime(
            page=name,
            url=row["url"],
            cpu_median_ms=row["cpu_median"],
            cpu_p90_ms=row["cpu_p90"],
            cpu_min_ms=row["cpu_min"],
            wall_median_ms=row["wall_median"],
            wall_p90_ms=row["wall_p90"],
            queries=row["queries"],
            bytes=row["bytes"],
            profile=row.get("profile", ""),
        )
        for name, row in json.loads(output).items()
    ]


def render_failures(times: list[RenderTime]) -> list[str]:
    return [
        f"{t.page}: median {t.cpu_median_ms:.1f} ms CPU > {TARGETS_MS[t.page]:.0f} ms"
        for t in times
        if t.cpu_median_ms > TARGETS_MS.get(t.page, float("inf"))
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goods", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--profile", default="", help="a page name, e.g. homepage")
    args = parser.parse_args()

    print(f"seeding (or reusing) {args.goods} goods in var/bench-renders ...", flush=True)
    big = render_times(
        seed(ROOT / "var" / "bench-renders", goods=args.goods),
        rounds=args.rounds,
        profile=args.profile,
    )
    print("seeding (or reusing) 100 goods in var/bench-renders-100 ...", flush=True)
    small = render_times(seed(ROOT / "var" / "bench-renders-100", goods=100), rounds=3)

    print()
    print(
        f"| page | CPU ms median | CPU ms p90 | CPU ms min | wall ms median | wall ms p90 | "
        f"target (CPU median) | "
        f"queries ({args.goods:,} SKUs) | queries (100 SKUs) | bytes |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row, small_row in zip(big, small, strict=True):
        print(
            f"| {row.page} `{row.url}` | {row.cpu_median_ms:.1f} | {row.cpu_p90_ms:.1f} | "
            f"{row.cpu_min_ms:.1f} | "
            f"{row.wall_median_ms:.1f} | {row.wall_p90_ms:.1f} | {TARGETS_MS[row.page]:.0f} | "
            f"{row.queries} | {small_row.queries} | {row.bytes:,} |"
        )
    for row in big:
        if row.profile:
            print(f"\n{row.page} profile ({args.rounds} renders):\n{row.profile}")
    failures = render_failures(big)
    failures += [
        f"{row.page}: {row.queries} queries with {args.goods:,} SKUs, {small_row.queries} with 100"
        for row, small_row in zip(big, small, strict=True)
        if row.queries != small_row.queries
    ]
    print()
    print("targets met" if not failures else "MISSED: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
