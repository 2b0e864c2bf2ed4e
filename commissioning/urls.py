"""Commissioning URLs (mounted at /commissioning/): Single Tender Actions."""

from django.urls import path

from . import views

app_name = "commissioning"

urlpatterns = [
    path("stas/", views.sta_list, name="sta_list"),
    path("stas/new/", views.sta_create, name="sta_create"),
    path("stas/<int:pk>/", views.sta_detail, name="sta_detail"),
    path("stas/<int:pk>/edit/", views.sta_edit, name="sta_edit"),
    path("stas/<int:pk>/submit/", views.sta_submit, name="sta_submit"),
    path("stas/<int:pk>/evidence/", views.sta_add_evidence, name="sta_add_evidence"),
]
