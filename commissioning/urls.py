"""Commissioning URLs (mounted at /commissioning/): Single Tender Actions, contracts, commissioning
projects, tenders, the evaluators' pages and the bidders' tender pages."""

from django.urls import path

from . import (
    bid_views,
    clarification_views,
    contract_draft_views,
    contract_import_views,
    contract_measure_views,
    contract_views,
    evaluation_views,
    moderation_views,
    project_views,
    tender_provider_views,
    tender_views,
    views,
)

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
        "contracts/<int:pk>/money/", contract_draft_views.contract_money_edit, name="contract_money"
    ),
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
    path("tenders/", tender_views.tender_list, name="tender_list"),
    path("tenders/new/", tender_views.tender_create, name="tender_create"),
    path("tenders/<int:pk>/", tender_views.tender_detail, name="tender_detail"),
    path(
        "tenders/<int:pk>/questions/", tender_views.tender_add_question, name="tender_add_question"
    ),
    path("tenders/<int:pk>/approve/", tender_views.tender_approve, name="tender_approve"),
    path("tenders/<int:pk>/publish/", tender_views.tender_publish, name="tender_publish"),
    path("tenders/<int:pk>/clarify/", tender_views.tender_clarify, name="tender_clarify"),
    path(
        "tenders/<int:pk>/clarifications/<int:clarification_pk>/answer/",
        clarification_views.tender_answer_clarification,
        name="tender_answer_clarification",
    ),
    path("tenders/<int:pk>/bids/new/", tender_views.tender_record_bid, name="tender_record_bid"),
    path("tenders/<int:pk>/bids/<int:bid_pk>/", bid_views.bid_detail, name="bid_detail"),
    path(
        "tenders/<int:pk>/bids/<int:bid_pk>/documents/",
        bid_views.bid_add_document,
        name="bid_add_document",
    ),
    path(
        "tenders/<int:pk>/bids/<int:bid_pk>/non-compliant/",
        bid_views.bid_non_compliant,
        name="bid_non_compliant",
    ),
    path("tenders/<int:pk>/close/", tender_views.tender_close, name="tender_close"),
    path("tenders/<int:pk>/panel/", tender_views.tender_add_evaluator, name="tender_add_evaluator"),
    path(
        "tenders/<int:pk>/evaluate/",
        tender_views.tender_start_evaluation,
        name="tender_start_evaluation",
    ),
    path(
        "tenders/<int:pk>/moderate/",
        tender_views.tender_start_moderation,
        name="tender_start_moderation",
    ),
    path("tenders/<int:pk>/cancel/", tender_views.tender_cancel, name="tender_cancel"),
    path(
        "tenders/<int:pk>/moderation/",
        moderation_views.moderation_matrix,
        name="moderation_matrix",
    ),
    path(
        "tenders/<int:pk>/moderation/<int:bid_pk>/",
        moderation_views.moderate_bid,
        name="moderate_bid",
    ),
    path("tenders/<int:pk>/result/", moderation_views.tender_result, name="tender_result"),
    path("tenders/<int:pk>/award/", moderation_views.tender_award, name="tender_award"),
    path("tenders/<int:pk>/evaluation.xlsx", moderation_views.tender_export, name="tender_export"),
    path("evaluations/", evaluation_views.my_evaluations, name="my_evaluations"),
    path(
        "evaluations/<int:member_pk>/",
        evaluation_views.evaluation_detail,
        name="evaluation_detail",
    ),
    path(
        "evaluations/<int:member_pk>/declare/",
        evaluation_views.evaluation_declare,
        name="evaluation_declare",
    ),
    path(
        "evaluations/<int:member_pk>/bids/<int:bid_pk>/",
        evaluation_views.evaluation_score,
        name="evaluation_score",
    ),
    # Bidders (provider users): published tenders and their clarifications.
    path("bidding/", tender_provider_views.bidder_tender_list, name="bidder_tender_list"),
    path(
        "bidding/<int:pk>/",
        tender_provider_views.bidder_tender_detail,
        name="bidder_tender_detail",
    ),
    path(
        "bidding/<int:pk>/ask/",
        clarification_views.bidder_ask_clarification,
        name="bidder_ask_clarification",
    ),
]
