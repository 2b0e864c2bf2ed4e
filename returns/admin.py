"""Administration of the returns data: the schedule settings and the Outcomes Star versions."""

from django.contrib import admin

from .models import OutcomeReturn, ReturnSettings, StarArea, StarVersion


@admin.register(ReturnSettings)
class ReturnSettingsAdmin(admin.ModelAdmin):
    list_display = (
        "effective_from",
        "period_months",
        "due_after_days",
        "light_return_up_to",
        "is_default",
        "source",
    )


class StarAreaInline(admin.TabularInline):
    model = StarArea
    extra = 1


@admin.register(StarVersion)
class StarVersionAdmin(admin.ModelAdmin):
    list_display = ("name", "active")
    inlines = [StarAreaInline]


@admin.register(OutcomeReturn)
class OutcomeReturnAdmin(admin.ModelAdmin):
    """Read-only: returns change only through their services (the provider and the officer)."""

    list_display = ("__str__", "provider", "due_date", "state")
    list_filter = ("state",)
    list_select_related = ("grant", "contract", "provider")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
