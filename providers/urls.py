"""Providers directory URLs."""

from django.urls import path

from . import views

app_name = "providers"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("mine/", views.my_organisation, name="mine"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
]
