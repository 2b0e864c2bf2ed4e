"""Admin for approval bands (administrators edit them) and read-only approval requests."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import ApprovalBand, ApprovalDecision, ApprovalRequest


@admin.register(ApprovalBand)
class ApprovalBandAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "effective_from",
        "above_value",
        "up_to_value",
        "first_role",
        "second_role",
        "needs_decision_notice",
        "is_default",
        "source",
    )
    list_filter = ("kind", "effective_from", "is_default")


class DecisionInline(admin.TabularInline):
    model = ApprovalDecision
    extra = 0
    can_delete = False
    readonly_fields = ("role", "outcome", "decided_by", "decided_at", "band", "comment")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(ReadOnlyAdmin):
    """Read-only: requests are decided through the queues, never edited here."""

    list_display = ("title", "kind", "value", "state", "requested_by", "requested_at")
    list_filter = ("kind", "state")
    inlines = [DecisionInline]
