from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_coupons

app_name = "accounts"

urlpatterns = [
    path("", views.user_center, name="user_center"),
    path("history/", views.history_record, name="history"),
    path("register/", views.register, name="register"),
    path("register/done/", views.register_done, name="register_done"),
    path("register/check/", views.register_check, name="register_check"),
    path("activate/resend/", views.activation_resend, name="activation_resend"),
    path("activate/<str:token>/", views.activate, name="activate"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("coupons/", views_coupons.coupon_list, name="coupons"),
    path("coupons/claim/", views_coupons.coupon_claim_json, name="coupon_claim"),
    path("restock-alerts/", views.restock_alert_subscribe, name="restock_alert"),
    path("addresses/", views.address_list, name="addresses"),
    path("addresses/<int:address_id>/edit/", views.address_edit, name="address_edit"),
    path("addresses/<int:address_id>/delete/", views.address_delete, name="address_delete"),
    path("addresses/<int:address_id>/default/", views.address_set_default, name="address_default"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
