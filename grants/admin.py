"""Admin for reference data: funding streams, yearly budgets with income lines, plan themes, payments.

Grants themselves are changed through the service-backed pages, never edited raw here (their state
changes only through transitions).
"""

from django.contrib import admin

from .models import (
    BudgetOverride,
    FundingStream,
    IncomeLine,
    Payment,
    PlanTheme,
    StreamBudget,
    SubsidyAllowance,
)


class IncomeLineInline(admin.TabularInline):
    model = IncomeLine
    extra = 1


@admin.register(FundingStream)
class FundingStreamAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "status", "max_single_award", "intermediary")
    readonly_fields = ("status",)
    search_fields = ("name",)


@admin.register(StreamBudget)
class StreamBudgetAdmin(admin.ModelAdmin):
    list_display = ("stream", "financial_year", "total")
    list_filter = ("stream", "financial_year")
    inlines = [IncomeLineInline]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("stream").prefetch_related("income_lines")
        )


@admin.register(PlanTheme)
class PlanThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "shared_outcome", "aim", "order")


@admin.register(SubsidyAllowance)
class SubsidyAllowanceAdmin(admin.ModelAdmin):
    list_display = ("effective_from", "amount", "period_years", "source")


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ("commitment", "paid_on", "amount", "reference")
    autocomplete_fields = ()
    raw_id_fields = ("commitment",)


@admin.register(BudgetOverride)
class BudgetOverrideAdmin(admin.ModelAdmin):
    list_display = ("award", "stream", "financial_year", "amount", "approved_by", "approved_at")

    def has_add_permission(self, request):
        return False  # asked for on the grant page, decided in the approvals queue (audited)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
