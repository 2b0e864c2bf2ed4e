"""Outcome-return URLs (the access test walks every one of them)."""

from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [
    path("", views.portal, name="portal"),
    path("review/", views.queue, name="queue"),
    path("compliance/", views.compliance, name="compliance"),
    path("grants/<int:grant_pk>/", views.award_returns, name="award_returns"),
    path("contracts/<int:contract_pk>/", views.contract_returns, name="contract_returns"),
    path("<int:pk>/", views.return_detail, name="return_detail"),
    path("<int:pk>/edit/", views.return_edit, name="return_edit"),
    path("<int:pk>/submit/", views.return_submit, name="return_submit"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version_detail"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/request-changes/", views.request_changes, name="request_changes"),
]
