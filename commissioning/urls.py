"""Commissioning URLs (mounted at /commissioning/): Single Tender Actions, contracts and commissioning
projects."""

from django.urls import path

from . import contract_import_views, contract_measure_views, contract_views, project_views, views

app_name = "commissioning"

urlpatterns = [
    path("projects/", project_views.project_list, name="project_list"),
    path("projects/new/", project_views.project_create, name="project_create"),
    path("projects/<int:pk>/", project_views.project_detail, name="project_detail"),
    path(
        "projects/<int:pk>/understand/",
        project_views.project_understand,
        name="project_understand",
    ),
    path("projects/<int:pk>/plan/", project_views.project_plan, name="project_plan"),
    path("projects/<int:pk>/move/", project_views.project_move, name="project_move"),
    path(
        "projects/<int:pk>/evidence/",
        project_views.project_add_evidence,
        name="project_add_evidence",
    ),
    path("projects/<int:pk>/sta/", project_views.project_link_sta, name="project_link_sta"),
    path(
        "projects/<int:pk>/notices/<int:notice_pk>/published/",
        project_views.notice_published,
        name="project_notice_published",
    ),
    path("stas/", views.sta_list, name="sta_list"),
    path("stas/new/", views.sta_create, name="sta_create"),
    path("stas/<int:pk>/", views.sta_detail, name="sta_detail"),
    path("stas/<int:pk>/edit/", views.sta_edit, name="sta_edit"),
    path("stas/<int:pk>/submit/", views.sta_submit, name="sta_submit"),
    path("stas/<int:pk>/evidence/", views.sta_add_evidence, name="sta_add_evidence"),
    path("contracts/", contract_views.contract_list, name="contract_list"),
    path("contracts/<int:pk>/", contract_views.contract_detail, name="contract_detail"),
    path("contracts/import/", contract_import_views.contract_import, name="contract_import"),
    path(
        "contracts/<int:pk>/request-approval/",
        contract_views.contract_request_approval,
        name="contract_request_approval",
    ),
    path(
        "contracts/<int:pk>/activate/", contract_views.contract_activate, name="contract_activate"
    ),
    path("contracts/<int:pk>/break/", contract_views.contract_break, name="contract_break"),
    path(
        "contracts/<int:pk>/decommission/",
        contract_views.contract_decommission,
        name="contract_decommission",
    ),
    path(
        "contracts/<int:pk>/meetings/new/", contract_views.contract_meeting, name="contract_meeting"
    ),
    path(
        "contracts/<int:pk>/feedback/new/",
        contract_views.contract_feedback,
        name="contract_feedback",
    ),
    path(
        "contracts/<int:pk>/documents/new/",
        contract_views.contract_document,
        name="contract_document",
    ),
    path("contracts/<int:pk>/term/", contract_views.contract_terms_edit, name="contract_terms"),
    path(
        "contracts/<int:pk>/payments/new/",
        contract_views.contract_payment,
        name="contract_payment",
    ),
    path(
        "contracts/<int:pk>/measures/",
        contract_measure_views.contract_measures,
        name="contract_measures",
    ),
    path(
        "contracts/<int:pk>/options/<int:number>/agreement/",
        contract_views.option_agreement,
        name="option_agreement",
    ),
    path(
        "contracts/<int:pk>/options/<int:number>/request-approval/",
        contract_views.option_request_approval,
        name="option_request_approval",
    ),
    path(
        "contracts/<int:pk>/options/<int:number>/exercise/",
        contract_views.option_exercise,
        name="option_exercise",
    ),
    path(
        "contracts/<int:pk>/options/<int:number>/decline/",
        contract_views.option_decline,
        name="option_decline",
    ),
]
