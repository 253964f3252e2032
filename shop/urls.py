from django.urls import path

from . import views

app_name = "shop"

urlpatterns = [
    path("session/", views.session, name="session"),
    path("cart/", views.cart_page, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/update/", views.cart_update, name="cart_update"),
    path("cart/delete/", views.cart_delete, name="cart_delete"),
    path("orders/place/", views.order_confirm_page, name="confirm"),
    path("orders/commit/", views.order_commit, name="commit"),
    path("orders/<str:order_id>/pay/", views.order_pay, name="pay"),
    path("orders/<str:order_id>/status/", views.order_status, name="status"),
    path("orders/<str:order_id>/receive/", views.order_receive, name="receive"),
    path("orders/<str:order_id>/comment/", views.order_comment, name="comment"),
    path("orders/<str:order_id>/sandbox/", views.sandbox_pay, name="sandbox_pay"),
    # The user center's order pages are the shop's: it owns orders (accounts owns the rest of
    # /accounts/, which freshsite/urls.py includes after these).
    path("accounts/orders/", views.order_list, name="orders"),
    path("accounts/orders/<str:order_id>/", views.order_detail, name="order_detail"),
]
