from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("shop.urls")),  # cart/, orders/, accounts/orders/ (before accounts/)
    path("accounts/", include("accounts.urls")),
    path("goods/", include("catalog.urls")),
    path("search/", include("search.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree last: "/<category-slug>/" and "/" are pages.
urlpatterns += [path("", include(wagtail_urls))]
