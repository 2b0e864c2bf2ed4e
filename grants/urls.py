"""Funding stream and grant URLs (mounted at /funding/)."""

from django.urls import path

from core import converters  # noqa: F401  (registers <id:…>)

from .views import decisions, grant_forms, grants, imports, payments, streams

app_name = "grants"

urlpatterns = [
    path("streams/", streams.stream_list, name="stream_list"),
    path("streams/<id:pk>/", streams.stream_detail, name="stream_detail"),
    path("streams/<id:pk>/import/", imports.import_awards, name="import_awards"),
    path("streams/<id:pk>/import/confirm/", imports.confirm_import, name="confirm_import"),
    path("streams/<id:pk>/<str:action>/", streams.stream_status, name="stream_status"),
    path("grants/", grants.grant_list, name="grant_list"),
    path("grants/new/", grant_forms.grant_create, name="grant_create"),
    path("grants/<id:pk>/", grants.grant_detail, name="grant_detail"),
    path("grants/<id:pk>/edit/", grant_forms.grant_edit, name="grant_edit"),
    path(
        "grants/<id:pk>/decision-notice/", decisions.grant_draft_notice, name="grant_draft_notice"
    ),
    path(
        "grants/<id:pk>/decision-notice/add/",
        decisions.grant_add_to_notice,
        name="grant_add_to_notice",
    ),
    path(
        "grants/<id:pk>/decision-notice/redraft/",
        decisions.grant_redraft_notice,
        name="grant_redraft_notice",
    ),
    path("grants/<id:pk>/override/", decisions.grant_override, name="grant_override"),
    path("grants/<id:pk>/payments/new/", payments.payment_create, name="record_payment"),
    path("grants/<id:pk>/<str:action>/", grants.grant_action, name="grant_action"),
]
