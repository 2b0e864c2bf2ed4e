"""Documents: private uploads with the type checked by content, size limits, a SHA-256 and downloads
that ask the owning object's permission rule. Knows no domain: owning apps register a rule
(documents.permissions.register_owner) and attach files with documents.services.store_document."""

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Documents"
