"""Catalog views: the goods detail page, the fragments published pages share, and the live
figures their script fills in (``live``)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from freshsite.errors import InvalidInput
from freshsite.http import json_ok
from freshsite.json_routes import json_endpoint, positive_int
from freshsite.paging import page_get, page_links
from marketing.selectors import campaign_live_by_slug, campaign_page_context

from . import selectors
from .live import LIVE_MAX_IDS, goods_live
from .models import CategoryPage, GoodsSKU
from .pricing import skus_priced


def goods_detail(request: HttpRequest, sku_id: int) -> HttpResponse:
    """The same page for every visitor (it is published): the page's script records a
    logged-in shopper's view (``POST /accounts/history/``) and fills in the stock."""
    try:
        sku = selectors.sku_detail(sku_id=sku_id)
    except GoodsSKU.DoesNotExist as exc:
        raise Http404("no such goods on the shelf") from exc
    siblings = selectors.sku_siblings(sku=sku)
    skus_priced([sku, *siblings])  # one query for the page's prices
    context = {"sku": sku, "category": sku.category, "siblings": siblings}
    return TemplateResponse(request, "catalog/goods_detail.html", context)


@require_safe
def campaign_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A campaign's page (``/campaigns/<slug>/``, where its tiles link): its window, 满减 and
    claimable coupons (the page's script wires the 领取 buttons), and its goods, priced. The
    same for every visitor; 404 unless the campaign is published."""
    campaign = campaign_live_by_slug(slug)
    if campaign is None:
        raise Http404("no such campaign")
    goods = selectors.campaign_goods(campaign_id=campaign.pk)
    goods_page = page_get(Paginator(goods, settings.CATALOG_PAGE_SIZE), request.GET.get("page"))
    skus_priced(goods_page.object_list)
    context = {
        **campaign_page_context(campaign=campaign, request=request),
        "goods_page": goods_page,
        "page_links": page_links(goods_page),
        "page_query": "",
    }
    return TemplateResponse(request, "marketing/campaign_page.html", context)


@require_safe
def all_categories(request: HttpRequest) -> HttpResponse:
    """``/categories/``: every category with its number of goods, the same for everyone."""
    context = {"categories": selectors.category_index()}
    response = TemplateResponse(request, "catalog/categories.html", context)
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_safe
def nav_fragment(request: HttpRequest) -> HttpResponse:
    """The category navigation every page fetches: one file to rewrite when a category changes."""
    context = {"categories": selectors.category_nav()}
    return _fragment(TemplateResponse(request, "catalog/fragments/nav.html", context))


@require_safe
def newest_fragment(request: HttpRequest, category_id: int) -> HttpResponse:
    """A category's newest goods, shared by its list pages and its goods' detail pages."""
    category = CategoryPage.objects.live().public().filter(pk=category_id).first()
    if category is None:
        raise Http404("no such category")
    context = {"newest": category.newest_goods()}
    return _fragment(TemplateResponse(request, "catalog/includes/newest.html", context))


def _fragment(response: HttpResponse) -> HttpResponse:
    """A fragment the browser keeps a minute, as nginx serves its published file."""
    response["Cache-Control"] = "public, max-age=60"
    return response


def _live_ids(text: str) -> list[int]:
    parts = text.split(",") if text else []
    if not parts:
        raise InvalidInput(_("请给出商品编号。"))
    if len(parts) > LIVE_MAX_IDS:
        raise InvalidInput(_("一次最多查询 %(count)s 种商品。") % {"count": LIVE_MAX_IDS})
    return sorted({positive_int(part, "ids") for part in parts})


@json_endpoint("GET", rate_limited=False)
def live(request: HttpRequest) -> JsonResponse:
    """Stock, sales, shelf state and price of the goods a page shows (``?ids=1,2,3``)."""
    response = json_ok(goods=goods_live(sku_ids=_live_ids(request.GET.get("ids", ""))))
    # the same for everyone and fine a second old: nginx micro-caches it
    response["Cache-Control"] = "public, max-age=1"
    return response
