"""Paging of goods lists (category pages, search): one rule for page numbers and their links."""

from __future__ import annotations

from django.core.paginator import Page, Paginator


def page_get(paginator: Paginator, page_number) -> Page:
    """The asked page; past the end gives the last, junk or a number below 1 the first."""
    try:
        if int(page_number) < 1:  # before the start: the first page, not Django's last
            page_number = 1
    except (TypeError, ValueError):
        pass  # not a number: get_page() gives the first page
    return paginator.get_page(page_number)


def page_links(page: Page):
    """Page numbers to link around ``page``, with ``Paginator.ELLIPSIS`` for the gaps."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
