"""Admin building blocks shared by every app (no models of core's are in admin)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reference view only: records written by services are never added, edited or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
