"""Downloading a document: only through here, only for users the owner's rule allows (404 otherwise)."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from .models import Document
from .permissions import can_download_document
from .storage import documents_storage

logger = logging.getLogger(__name__)


@require_GET
@login_required
def download(request, public_id):
    document = Document.objects.filter(public_id=public_id).first()
    if document is None or not can_download_document(request.user, document):
        raise Http404("No such document")
    try:
        content = documents_storage().open(document.storage_path, "rb")
    except (FileNotFoundError, OSError):
        logger.error("Document %s is missing from storage (%s)", document.pk, document.storage_path)
        raise Http404("No such document") from None
    response = FileResponse(
        content,
        as_attachment=True,
        filename=document.name,
        content_type=document.type.mime,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
