"""Where document bytes live: the "documents" entry of settings.STORAGES, never a public folder.

Development and tests: a folder under var/ (or memory in tests); docker compose: a named volume;
an S3-compatible bucket through django-storages by setting DOCUMENTS_STORAGE=s3
(config/settings/base.py). Files are only ever read back through documents.views.download.
"""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage, Storage, storages

ALIAS = "documents"


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder with no public address: asking for a URL is a programming error."""

    def url(self, name):
        raise NotImplementedError("Documents have no public URL: link to documents:download")


def documents_storage() -> Storage:
    return storages[ALIAS]
