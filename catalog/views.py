from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from . import selectors
from .models import GoodsSKU
from .signals import goods_viewed
from .versioning import catalog_version


def goods_detail(request: HttpRequest, sku_id: int) -> HttpResponse:
    try:
        sku = selectors.sku_detail(sku_id=sku_id)
    except GoodsSKU.DoesNotExist as exc:
        raise Http404("no such goods on the shelf") from exc
    goods_viewed.send(sender=GoodsSKU, request=request, sku=sku)
    context = {
        "sku": sku,
        "category": sku.category,
        "siblings": selectors.sku_siblings(sku=sku),
        "newest": sku.category.newest_goods(),
        "catalog_version": catalog_version(),
    }
    return TemplateResponse(request, "catalog/goods_detail.html", context)
