"""Providers directory URLs."""

from django.urls import path

from . import import_views, views

app_name = "providers"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("download/", views.organisation_export, name="export"),
    path("add/", views.organisation_create, name="create"),
    path("import/", import_views.import_organisations, name="import"),
    path("import/confirm/", import_views.confirm_organisations, name="import_confirm"),
    path("mine/", views.my_organisation, name="mine"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("<int:pk>/contacts/add/", views.contact_add, name="contact_add"),
    path("<int:pk>/contacts/<int:contact_pk>/edit/", views.contact_edit, name="contact_edit"),
]
