from django.urls import path

from . import views
from .gateways import sandbox

app_name = "shop"

urlpatterns = [
    path("session/", views.session, name="session"),
    path("cart/", views.cart_page, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/update/", views.cart_update, name="cart_update"),
    path("cart/delete/", views.cart_delete, name="cart_delete"),
    path("orders/place/", views.order_confirm_page, name="confirm"),
    path("orders/commit/", views.order_commit, name="commit"),
    path("orders/price/", views.order_price, name="price"),
    # before orders/<order_id>/…: the gateways' own addresses
    path("orders/alipay/notify/", views.alipay_notify, name="alipay_notify"),
    path("orders/sandbox/gateway/", sandbox.sandbox_cashier, name="sandbox_cashier"),
    path("orders/<str:order_id>/pay/", views.order_pay, name="pay"),
    path("orders/<str:order_id>/paid/", views.order_paid, name="paid"),
    path("orders/<str:order_id>/cancel/", views.order_cancel, name="cancel"),
    path("orders/<str:order_id>/status/", views.order_status, name="status"),
    path("orders/<str:order_id>/receive/", views.order_receive, name="receive"),
    path("orders/<str:order_id>/comment/", views.order_comment, name="comment"),
    # The user center's order pages are the shop's: it owns orders (accounts owns the rest of
    # /accounts/, which freshsite/urls.py includes after these).
    path("accounts/orders/", views.order_list, name="orders"),
    path("accounts/orders/<str:order_id>/", views.order_detail, name="order_detail"),
]
