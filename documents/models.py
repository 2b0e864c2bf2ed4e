"""A stored document: who uploaded it, which object owns it, what it really is, and its fingerprint.

The owner is named by its model label and primary key (this app knows no domain models); the owning
app registers who may see its documents (documents.permissions). The bytes live in the "documents"
storage at a path made from a random id, never from the uploaded name.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from .filetypes import ALL_TYPES, BY_CODE, FileType


class Document(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner_type = models.CharField(max_length=100, help_text='Model label, e.g. "grants.grant"')
    owner_id = models.CharField(max_length=64)
    purpose = models.CharField(max_length=50, blank=True, help_text="The owner's name for its use")
    name = models.CharField(max_length=255, help_text="The uploaded name, for display only")
    storage_path = models.CharField(max_length=255, unique=True, editable=False)
    file_type = models.CharField(max_length=10, choices=[(t.code, t.label) for t in ALL_TYPES])
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="document_owner")]
        constraints = [
            # The same file for the same owner and use is kept once (double clicks, retries).
            models.UniqueConstraint(
                fields=["owner_type", "owner_id", "purpose", "sha256"], name="document_once"
            ),
            models.CheckConstraint(condition=models.Q(size__gt=0), name="document_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def type(self) -> FileType:
        return BY_CODE[self.file_type]
