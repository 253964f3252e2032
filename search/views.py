from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from freshsite.paging import page_links

from . import selectors

MAX_QUERY_LENGTH = 100


def search(request: HttpRequest) -> HttpResponse:
    """``/search/?q=…&page=N``: goods whose name, description, product or category match."""
    query = selectors.normalise_query(request.GET.get("q", ""))[:MAX_QUERY_LENGTH]
    context = {"search_query": query, "goods_page": None, "page_links": []}
    if query:
        goods_page = selectors.goods_search_page(
            query=query,
            page_number=request.GET.get("page"),
            per_page=settings.HAYSTACK_SEARCH_RESULTS_PER_PAGE,
        )
        context["goods_page"] = goods_page
        context["page_links"] = page_links(goods_page)
        # as the template's |urlencode wrote it before: spaces as %20
        context["page_query"] = f"q={quote(query, safe='/')}&"
    return TemplateResponse(request, "search/search.html", context)
