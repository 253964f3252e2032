from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from accounts.services import browsing_history_record
from freshsite.page_cache import cache_for_anonymous
from freshsite.paging import page_links
from shop.selectors import sku_comments

from . import selectors
from .models import CategoryPage, GoodsSKU

LIST_CACHE_SECONDS = 120
DETAIL_CACHE_SECONDS = 15

SORT_CHOICES = [("default", "默认"), ("price", "价格"), ("hot", "人气")]


def category_page_serve(request: HttpRequest, page: CategoryPage) -> HttpResponse:
    sort = selectors.normalise_sort(request.GET.get("sort"))
    goods_page = selectors.sku_list_page(
        category=page,
        sort=sort,
        page_number=request.GET.get("page"),
        per_page=settings.CATALOG_PAGE_SIZE,
    )
    context = {
        "page": page,
        "self": page,
        "goods_page": goods_page,
        "page_links": page_links(goods_page),
        "page_query": f"sort={sort}&",
        "sort": sort,
        "sort_choices": SORT_CHOICES,
        "newest": selectors.sku_newest(category_id=page.pk),
        "catalog_version": selectors.catalog_version(),
    }
    response = TemplateResponse(request, "catalog/category_page.html", context)
    return cache_for_anonymous(response, LIST_CACHE_SECONDS)


def goods_detail(request: HttpRequest, sku_id: int) -> HttpResponse:
    try:
        sku = selectors.sku_detail(sku_id=sku_id)
    except GoodsSKU.DoesNotExist as exc:
        raise Http404("no such goods on the shelf") from exc
    if request.user.is_authenticated:
        browsing_history_record(user_id=request.user.pk, sku_id=sku.pk)
    context = {
        "sku": sku,
        "category": sku.category,
        "siblings": selectors.sku_siblings(sku=sku),
        "newest": selectors.sku_newest(category_id=sku.category_id),
        "catalog_version": selectors.catalog_version(),
        "comments": sku_comments(sku_id=sku.pk),
    }
    response = TemplateResponse(request, "catalog/goods_detail.html", context)
    # Short: the stock and sales shown change with every order, without a signal.
    return cache_for_anonymous(response, DETAIL_CACHE_SECONDS)
