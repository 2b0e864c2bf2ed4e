"""Keeping an uploaded file as a Document of an owner: check it, store it privately, record it."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from django.core.files import File
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from audit.events import record_event

from .filetypes import FileType
from .models import Document
from .permissions import is_registered, owner_label
from .rules import DEFAULT_MAX_SIZE, DEFAULT_TYPES, NO_FILE, UploadRefused, inspect_upload
from .storage import documents_storage

logger = logging.getLogger(__name__)

DOCUMENT_UPLOADED = "document_uploaded"


class DocumentRefused(UploadRefused):
    """The upload was not kept; the message is for the person who uploaded it."""


def storage_path_for(file_type: FileType) -> str:
    """A fresh random path, e.g. "2026/12/3f2c….pdf": nothing of the uploaded name is in it."""
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{file_type.extension}"


def store_document(
    *,
    file,
    uploaded_by,
    owner: models.Model,
    purpose: str = "",
    allowed_types: Iterable[FileType] = DEFAULT_TYPES,
    max_size: int = DEFAULT_MAX_SIZE,
) -> Document:
    """Check `file` (an UploadedFile or any Django File) and keep it as a document of `owner`.

    Refuses with DocumentRefused (a message for people) when it is empty, too large or not one of
    `allowed_types` by content. Uploading the same content again for the same owner and purpose
    returns the document already kept (double clicks and retries never duplicate it). The owner's
    model must have a download rule registered (documents.permissions.register_owner).
    """
    if owner is None or owner.pk is None:
        raise ValueError("A document needs a saved owner")
    if not is_registered(owner):
        raise ValueError(f"No download rule is registered for {owner_label(owner)} documents")
    if uploaded_by is None or not uploaded_by.pk:
        raise ValueError("A document needs the user who uploaded it")
    if file is None:
        raise DocumentRefused(NO_FILE)
    try:
        inspection = inspect_upload(
            file,
            name=getattr(file, "name", None),
            size=getattr(file, "size", None),
            allowed_types=tuple(allowed_types),
            max_size=max_size,
        )
    except UploadRefused as refused:
        raise DocumentRefused(str(refused)) from None

    key = {"owner_type": owner_label(owner), "owner_id": str(owner.pk), "purpose": purpose}
    existing = Document.objects.filter(**key, sha256=inspection.sha256).first()
    if existing is not None:
        return existing

    storage = documents_storage()
    file.seek(0)
    path = storage.save(storage_path_for(inspection.file_type), File(file))
    try:
        with transaction.atomic():
            document = Document(
                **key,
                name=inspection.display_name,
                storage_path=path,
                file_type=inspection.file_type.code,
                size=inspection.size,
                sha256=inspection.sha256,
                uploaded_by=uploaded_by,
            )
            document.full_clean(exclude=["storage_path"], validate_constraints=False)
            document.save()
            record_event(
                DOCUMENT_UPLOADED,
                actor=uploaded_by,
                target=owner,
                message=inspection.display_name,
                data={"document": str(document.public_id)},
            )
    except IntegrityError:
        # Someone kept the same file for the same owner and purpose a moment ago.
        storage.delete(path)
        existing = Document.objects.filter(**key, sha256=inspection.sha256).first()
        if existing is None:
            raise
        return existing
    except BaseException:
        storage.delete(path)
        raise
    return document
