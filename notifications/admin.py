"""Read-mostly admin for notifications and sweep runs (delivery state changes only by transitions)."""

from django.contrib import admin

from .models import EmailPreference, Notification, ReminderRule, SweepRun


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("subject", "recipient", "kind", "created_at", "read_at", "email_state")
    list_filter = ("email_state", "kind")
    search_fields = ("subject", "recipient__username", "idempotency_key")
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "email")


@admin.register(SweepRun)
class SweepRunAdmin(admin.ModelAdmin):
    list_display = ("name", "started_at", "finished_at", "scanned", "created", "error")
    readonly_fields = [f.name for f in SweepRun._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    """Administrators add a new version from a date, or switch a rule off; the unit is the rule's."""

    list_display = ("label", "key", "effective_from", "offsets", "unit", "enabled")
    list_filter = ("key", "enabled")

    def get_readonly_fields(self, request, obj=None):
        return ("key", "unit") if obj is not None else ()
