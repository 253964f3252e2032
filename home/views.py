"""The shop's plain pages: 关于我们, 联系我们, 用户使用协议 (the footer's links) and the favicon."""

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ABOUT_PAGES = {
    "us": "home/about/us.html",
    "contact": "home/about/contact.html",
    "terms": "home/about/terms.html",
}


@require_safe
@cache_control(public=True, max_age=3600)
def about(request: HttpRequest, name: str) -> HttpResponse:
    """One of the footer's pages: the same for everyone."""
    template = ABOUT_PAGES.get(name)
    if template is None:
        raise Http404("no such page")
    return TemplateResponse(request, template, {"about_name": name})


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> FileResponse:
    """``/favicon.ico``, asked for by every browser on every page, whatever the page's links:
    the static file itself (collected, or from static/ in development)."""
    path = finders.find("favicon.ico")
    if path:
        return FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115 (FileResponse closes it)
    if staticfiles_storage.exists("favicon.ico"):
        return FileResponse(staticfiles_storage.open("favicon.ico"), content_type="image/x-icon")
    raise Http404("no favicon")
