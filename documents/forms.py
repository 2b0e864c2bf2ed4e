"""A file field for forms that take a document: the same checks as store_document, shown inline."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms

from .filetypes import FileType, describe
from .rules import (
    DEFAULT_MAX_SIZE,
    DEFAULT_TYPES,
    EMPTY,
    NO_FILE,
    UploadRefused,
    inspect_upload,
    size_label,
)


class DocumentField(forms.FileField):
    """Accepts only `allowed_types` (by content) under `max_size`; errors in the uploader's words.

    The cleaned value is the uploaded file; pass it to documents.services.store_document with the
    same allowed_types and max_size (the service checks again: it never trusts a form).
    """

    def __init__(
        self,
        *,
        allowed_types: Iterable[FileType] = DEFAULT_TYPES,
        max_size: int = DEFAULT_MAX_SIZE,
        **kwargs,
    ):
        self.allowed_types = tuple(allowed_types)
        self.max_size = max_size
        kwargs.setdefault(
            "help_text",
            f"{describe(self.allowed_types)}, smaller than {size_label(max_size)}",
        )
        error_messages = {"required": NO_FILE, "empty": EMPTY, "invalid": NO_FILE}
        error_messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=error_messages, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # A hint for the browser's file picker only; the content decides.
        extensions = {f".{t.extension}" for t in self.allowed_types}
        if ".jpg" in extensions:
            extensions.add(".jpeg")
        attrs["accept"] = ",".join(sorted(extensions))
        return attrs

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if file and file is not initial:
            try:
                inspect_upload(
                    file,
                    name=file.name,
                    size=getattr(file, "size", None),
                    allowed_types=self.allowed_types,
                    max_size=self.max_size,
                )
            except UploadRefused as refused:
                raise forms.ValidationError(str(refused), code="document") from None
        return file
