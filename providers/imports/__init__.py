"""Importing the providers directory from a spreadsheet, in the service: upload, dry run, confirm.

Modules: columns (names and one row's cells), checks (row checks, lookups once per file),
service (reading and staging the upload, the all-or-nothing, set-based import).
"""

from .checks import ProvidersCheck, check_providers
from .service import (
    ProvidersImport,
    ProvidersImportError,
    check_staged_providers,
    confirm_providers_import,
    read_providers_file,
    upload_providers_file,
)

__all__ = [
    "ProvidersCheck",
    "ProvidersImport",
    "ProvidersImportError",
    "check_providers",
    "check_staged_providers",
    "confirm_providers_import",
    "read_providers_file",
    "upload_providers_file",
]
