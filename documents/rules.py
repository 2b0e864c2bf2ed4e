"""What an upload must be to be kept: not empty, under the size limit, one of the accepted types (by
content), and how its display name and fingerprint are worked out. Pure: no database, no storage."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import BinaryIO

from .filetypes import ALL_TYPES, FileType, describe, detect

MB = 1024 * 1024
DEFAULT_MAX_SIZE = 10 * MB
DEFAULT_TYPES = ALL_TYPES
NAME_MAX_LENGTH = 255

NO_FILE = "Select a file"
EMPTY = "The selected file is empty"
TOO_LARGE = "The file must be smaller than {limit}"
WRONG_TYPE = "The selected file must be a {types}"


class UploadRefused(ValueError):
    """The file cannot be kept; the message says why in the uploader's words."""


@dataclass(frozen=True)
class Inspection:
    file_type: FileType
    size: int
    sha256: str
    display_name: str


def size_label(size: int) -> str:
    """10485760 -> "10 MB"; 1536 * 1024 -> "1.5 MB"."""
    return f"{size / MB:.1f}".removesuffix(".0") + " MB"


def too_large_message(max_size: int) -> str:
    return TOO_LARGE.format(limit=size_label(max_size))


def wrong_type_message(allowed_types: tuple[FileType, ...]) -> str:
    return WRONG_TYPE.format(types=describe(allowed_types))


def display_name(uploaded_name: str | None, file_type: FileType) -> str:
    """The uploaded name, kept only to show people: no folders, no control characters, NFC,
    at most 255 characters, ending in the extension of the type the content really is."""
    name = unicodedata.normalize("NFC", uploaded_name or "")
    name = PureWindowsPath(PurePosixPath(name).name).name  # drop any folders, either style
    name = re.sub(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]", "", name).strip()
    name = name.strip(".") or "document"
    suffix = f".{file_type.extension}"
    aliases = {".jpeg", ".jpg"} if file_type.extension == "jpg" else {suffix}
    stem, dot, ext = name.rpartition(".")
    if not dot or f".{ext.lower()}" not in aliases:
        name = f"{name}{suffix}"
    if len(name) > NAME_MAX_LENGTH:
        keep = NAME_MAX_LENGTH - len(suffix)
        name = name[:keep] + suffix
    return name


def inspect_upload(
    file: BinaryIO,
    *,
    name: str | None,
    size: int | None,
    allowed_types: tuple[FileType, ...] = DEFAULT_TYPES,
    max_size: int = DEFAULT_MAX_SIZE,
) -> Inspection:
    """Check an upload and describe it; raise UploadRefused with the message to show.

    `size` is what the upload handler counted; the file is measured again while hashing so a
    wrong figure cannot slip a large file through.
    """
    if not allowed_types:
        raise ValueError("allowed_types must name at least one file type")
    if file is None:
        raise UploadRefused(NO_FILE)
    if size is not None and size >= max_size:
        raise UploadRefused(too_large_message(max_size))
    digest, measured = hashlib.sha256(), 0
    file.seek(0)
    while chunk := file.read(1024 * 1024):
        measured += len(chunk)
        if measured >= max_size:
            raise UploadRefused(too_large_message(max_size))
        digest.update(chunk)
    file.seek(0)
    if measured == 0:
        raise UploadRefused(EMPTY)
    file_type = detect(file, candidates=tuple(allowed_types))
    if file_type is None:
        raise UploadRefused(wrong_type_message(tuple(allowed_types)))
    return Inspection(
        file_type=file_type,
        size=measured,
        sha256=digest.hexdigest(),
        display_name=display_name(name, file_type),
    )
