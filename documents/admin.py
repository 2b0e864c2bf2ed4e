"""Documents in Django admin: read-only metadata for reference (no file links, no edits)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Document


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("name", "file_type", "size", "owner_type", "owner_id", "purpose", "uploaded_at")
    list_filter = ("file_type", "owner_type")
    search_fields = ("name", "sha256")
