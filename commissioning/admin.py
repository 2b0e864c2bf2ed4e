"""Admin for procurement rules, the contract-term policy and the notice periods (administrators
edit them, effective-dated, with sources), and read-only views of Single Tender Actions,
commissioning projects and their notices (they change only through their pages and services)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import (
    CommissioningProject,
    ContractPolicy,
    DirectAwardGround,
    NoticePolicy,
    ProcurementNotice,
    ProcurementRouteBand,
    SingleTenderAction,
    StatutoryThreshold,
)


@admin.register(ProcurementRouteBand)
class ProcurementRouteBandAdmin(admin.ModelAdmin):
    list_display = ("effective_from", "from_value", "route", "notes", "source")
    list_filter = ("effective_from",)


@admin.register(StatutoryThreshold)
class StatutoryThresholdAdmin(admin.ModelAdmin):
    list_display = ("effective_from", "category", "amount", "source")
    list_filter = ("category", "effective_from")


@admin.register(DirectAwardGround)
class DirectAwardGroundAdmin(admin.ModelAdmin):
    list_display = ("label", "regime", "order", "is_active", "source")
    list_filter = ("regime", "is_active")


@admin.register(SingleTenderAction)
class SingleTenderActionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "supplier", "whole_life_value", "state", "created_by")
    list_filter = ("state", "category")


@admin.register(ContractPolicy)
class ContractPolicyAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "decision_lead_months", "default_notice_months", "source"]


@admin.register(NoticePolicy)
class NoticePolicyAdmin(admin.ModelAdmin):
    list_display = [
        "effective_from",
        "standstill_working_days",
        "contract_details_days",
        "light_touch_contract_details_days",
        "below_threshold_notice_from",
        "source",
    ]


@admin.register(CommissioningProject)
class CommissioningProjectAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "officer", "stage", "chosen_route", "created_at")
    list_filter = ("stage", "category")


@admin.register(ProcurementNotice)
class ProcurementNoticeAdmin(ReadOnlyAdmin):
    list_display = ("project", "kind", "due_on", "published_on", "reference")
    list_filter = ("kind",)
