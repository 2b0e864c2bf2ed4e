"""Admin for procurement rules and the contract-term policy (administrators edit them,
effective-dated, with sources), the notice periods, and a read-only view of Single Tender Actions (they change only
through their pages and services)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import (
    ContractPolicy,
    DirectAwardGround,
    NoticePolicy,
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
