"""Where a published page lives: the one mapping from a request to its snapshot file.

nginx (deploy/nginx/) applies the same rules with ``map``s; ``SnapshotMiddleware`` applies them
here when no nginx is in front. A page's file is ``<path>/<name>.html`` under the snapshot root,
``name`` being ``index`` for the default sort's first page and ``<sort>-<page>`` otherwise, so
``/fruit/?page=2&sort=price`` is ``fruit/price-2.html``. Only ``sort`` and ``page`` may be given,
each once and with a value the list understands; any other query is the app's to answer.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

SORTS = ("default", "price", "hot")
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,4}")
# A path the publisher can write: a slug or an id per segment, ending in "/".
PAGE_PATH = re.compile(r"/(?:[-\w]+/)*")
FRAGMENT_PATH = re.compile(r"/goods/fragments/[-\w]+\.html")
INDEX = "index"


def page_file(path: str, *, sort: str = "default", page: int = 1) -> str:
    """The snapshot name (relative to the root) of the page at ``path`` with this sort and page."""
    name = INDEX if (sort, page) == ("default", 1) else f"{sort}-{page}"
    return f"{path.lstrip('/')}{name}.html"


def fragment_file(path: str) -> str:
    return path.lstrip("/")


def file_for_request(method: str, path: str, query_string: str) -> str | None:
    """The snapshot that answers this request, or None when only the app can."""
    if method not in ("GET", "HEAD"):
        return None
    if FRAGMENT_PATH.fullmatch(path):
        return fragment_file(path) if not query_string else None
    if not PAGE_PATH.fullmatch(path) or "//" in path:
        return None
    query = _list_query(query_string)
    if query is None:
        return None
    return page_file(path, **query)


def _list_query(query_string: str) -> dict | None:
    """``sort`` and ``page`` from the query, or None when it holds anything else."""
    if not query_string:
        return {}
    pairs = parse_qsl(query_string, keep_blank_values=True, strict_parsing=False)
    names = [name for name, _value in pairs]
    if len(names) != len(set(names)) or not set(names) <= {"sort", "page"}:
        return None
    if "&".join(f"{n}={v}" for n, v in pairs) != query_string:
        return None  # escaped or oddly written: nginx compares the raw text, so must we
    values = dict(pairs)
    query: dict = {}
    if "sort" in values:
        if values["sort"] not in SORTS:
            return None
        query["sort"] = values["sort"]
    if "page" in values:
        if not PAGE_NUMBER.fullmatch(values["page"]):
            return None
        query["page"] = int(values["page"])
    return query
