from django.urls import path

from . import views

app_name = "home"

urlpatterns = [
    path("<slug:name>/", views.about, name="about"),
]
