"""Reads of the goods search index: a page of on-shelf goods for a query."""

from __future__ import annotations

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from haystack.query import SearchQuerySet

from catalog.models import GoodsSKU
from catalog.selectors import skus_in_order
from freshsite.paging import page_get


def normalise_query(raw: str) -> str:
    """The query as typed, each run of spaces or unprintable characters (NUL, tab, newline,
    the full-width space) made one space, none at the ends.
    """
    return " ".join("".join(ch if ch.isprintable() else " " for ch in raw).split())


def goods_search_page(*, query: str, page_number: str | None, per_page: int) -> PaginatorPage:
    """One page of the on-shelf goods matching ``query``, best match first.

    The index answers the count and the page's ids; the page's SKUs (with their card pictures)
    come from the database in two queries. An id the database no longer has on the shelf (the
    index not yet caught up) drops out. A page past the end gives the last, junk the first.
    """
    results = SearchQuerySet().models(GoodsSKU).auto_query(query)
    page = page_get(Paginator(results, per_page), page_number)
    page.object_list = skus_in_order(sku_ids=[int(result.pk) for result in page.object_list])
    return page
