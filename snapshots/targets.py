"""What a change asks to publish: keys (``home``, ``goods:12``, ``list:3``, …) that name pages
by what they show, and the work each key means *now* — render a file, remove one, or prune a
category's pages past its new end.

Keys are expanded when the publisher runs, from the data as it is then, so however many changes
named a page it is rendered once, and a page that stopped existing has its files removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.models import LIST_SORTS

from . import selectors
from .addresses import fragment_file, page_file

HOME, NAV, SWEEP = "home", "nav", "sweep"


def goods_key(sku_id: int) -> str:
    return f"goods:{sku_id}"


def list_key(category_id: int, sort: str | None = None) -> str:
    return f"list:{category_id}:{sort}" if sort else f"list:{category_id}"


def newest_key(category_id: int) -> str:
    return f"newest:{category_id}"


def key_checked(key: str) -> str:
    """``key`` when it names pages; else ``ValueError`` at once, where a model declared it,
    rather than a key that fails the publisher on every run."""
    sorts = "|".join(map(re.escape, LIST_SORTS))
    pattern = rf"(?:{HOME}|{NAV}|{SWEEP}|(?:goods|newest):\d+|list:\d+(?::(?:{sorts}))?)"
    if not isinstance(key, str) or not re.fullmatch(pattern, key):
        raise ValueError(f"unknown snapshot key {key!r}")
    return key


@dataclass(frozen=True)
class Render:
    name: str
    path: str
    query: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Remove:
    name: str


@dataclass(frozen=True)
class Prune:
    """Remove the pages in ``directory`` other than ``keep`` (a list that got shorter)."""

    directory: str
    keep: frozenset[str]


Work = Render | Remove | Prune


def work_for(key: str) -> list[Work]:
    kind, _, rest = key.partition(":")
    if kind == HOME:
        return _home()
    if kind == NAV:
        return [Render(fragment_file(selectors.NAV_FRAGMENT), selectors.NAV_FRAGMENT)]
    if kind == "goods":
        return _goods(int(rest))
    if kind == "newest":
        return _newest(int(rest))
    if kind == "list":
        category_id, _, sort = rest.partition(":")
        return _lists(int(category_id), sort or None)
    if kind == SWEEP:
        return []  # the publisher compares the whole storage with every_key()'s pages
    raise ValueError(f"unknown snapshot key {key!r}")


def every_key() -> list[str]:
    """Every published page, as keys: the homepage, fragments, lists and details."""
    categories = [category.pk for category in selectors.categories_published()]
    return [
        HOME,
        NAV,
        *(newest_key(pk) for pk in categories),
        *(goods_key(pk) for pk in selectors.goods_published_ids()),
        *(list_key(pk) for pk in categories),
    ]


KIND_ORDER = {HOME: 0, "goods": 1, NAV: 2, "newest": 3, "list": 4, SWEEP: 5}


def every_file() -> set[str]:
    """The names of every page that exists now: what the storage should hold, no more."""
    names = {fragment_file(selectors.NAV_FRAGMENT)}
    if selectors.homepage_published():
        names.add(page_file("/"))
    for category in selectors.categories_published():
        names.add(fragment_file(selectors.newest_fragment(category.pk)))
        if path := selectors.category_path(category):
            names |= set(selectors.category_list_files(category, path))
    names |= {page_file(selectors.goods_path(pk)) for pk in selectors.goods_published_ids()}
    return names


def key_order(key: str) -> tuple[int, str]:
    """An edit's own page (a detail, the homepage) goes live first, long lists after."""
    return KIND_ORDER.get(key.partition(":")[0], 9), key


def _home() -> list[Work]:
    name = page_file("/")
    return [Render(name, "/")] if selectors.homepage_published() else [Remove(name)]


def _goods(sku_id: int) -> list[Work]:
    path = selectors.goods_path(sku_id)
    if selectors.goods_is_published(sku_id):
        return [Render(page_file(path), path)]
    return [Remove(page_file(path))]


def _newest(category_id: int) -> list[Work]:
    path = selectors.newest_fragment(category_id)
    if selectors.category_published(category_id):
        return [Render(fragment_file(path), path)]
    return [Remove(fragment_file(path))]


def _lists(category_id: int, sort: str | None) -> list[Work]:
    category = selectors.category_published(category_id)
    path = selectors.category_path(category) if category else None
    if path is None:
        return []  # unpublished, restricted or gone: the sweep removes what it had
    files = selectors.category_list_files(category, path)
    sorts = [sort] if sort in LIST_SORTS else list(LIST_SORTS)
    work: list[Work] = [
        Render(name, page_path, tuple(query.items()))
        for name, (page_path, query) in files.items()
        if (query.get("sort") or "default") in sorts
    ]
    work.append(Prune(path.lstrip("/"), frozenset(files)))
    return work
