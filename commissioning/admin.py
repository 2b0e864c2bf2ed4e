"""Commissioning data administrators edit in the admin: the contract-term policy (effective-dated)."""

from django.contrib import admin

from .models import ContractPolicy


@admin.register(ContractPolicy)
class ContractPolicyAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "decision_lead_months", "default_notice_months", "source"]
