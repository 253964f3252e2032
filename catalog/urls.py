from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("<int:sku_id>/", views.goods_detail, name="detail"),
]
