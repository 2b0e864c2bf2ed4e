"""Providers directory URLs."""

from django.urls import path

from core import converters  # noqa: F401  (registers <id:…>)

from . import import_views, views

app_name = "providers"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("download/", views.organisation_export, name="export"),
    path("add/", views.organisation_create, name="create"),
    path("import/", import_views.import_organisations, name="import"),
    path("import/confirm/", import_views.confirm_organisations, name="import_confirm"),
    path("mine/", views.my_organisation, name="mine"),
    path("<id:pk>/", views.organisation_detail, name="detail"),
    path("<id:pk>/edit/", views.organisation_edit, name="edit"),
    path("<id:pk>/contacts/add/", views.contact_add, name="contact_add"),
    path("<id:pk>/contacts/<id:contact_pk>/edit/", views.contact_edit, name="contact_edit"),
]
