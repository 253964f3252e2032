from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from catalog.views import all_categories, campaign_page
from freshsite.health import healthz
from home.views import favicon

# The JavaScript strings' translations (gettext() in static/js): cached per language, so a
# browser fetches the small catalog once an hour at most.
javascript_catalog = cache_page(3600)(JavaScriptCatalog.as_view())

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # for a load balancer: no session, never cached
    path("favicon.ico", favicon, name="favicon"),  # asked for by browsers on every page
    path("jsi18n/", javascript_catalog, name="javascript-catalog"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("shop.urls")),  # cart/, orders/, accounts/orders/ (before accounts/)
    path("accounts/", include("accounts.urls")),
    path("goods/", include("catalog.urls")),
    path("search/", include("search.urls")),
    path("campaigns/<slug:slug>/", campaign_page, name="campaign"),  # Campaign.get_url()
    path("categories/", all_categories, name="catalog_categories"),  # every category, one page
    path("about/", include("home.urls")),  # 关于我们, 联系我们, 用户使用协议
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree last: "/<category-slug>/" and "/" are pages.
urlpatterns += [path("", include(wagtail_urls))]
