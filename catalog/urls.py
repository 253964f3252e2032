from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("live/", views.live, name="live"),
    path("fragments/nav.html", views.nav_fragment, name="nav_fragment"),
    path("fragments/newest-<int:category_id>.html", views.newest_fragment, name="newest_fragment"),
    path("<int:sku_id>/", views.goods_detail, name="detail"),
]
