"""Reading documents: an owner's documents, newest last."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from .models import Document
from .permissions import owner_label


def documents_for(owner: models.Model, *, purpose: str | None = None) -> QuerySet[Document]:
    """The documents attached to `owner` (optionally only those kept for one `purpose`)."""
    documents = Document.objects.filter(owner_type=owner_label(owner), owner_id=str(owner.pk))
    if purpose is not None:
        documents = documents.filter(purpose=purpose)
    return documents.select_related("uploaded_by")
