"""Bulk awards: an intermediary's spreadsheet of small awards, checked in full, then made all or none.

An officer uploads the file (CSV or XLSX); it is read once within its limits and its rows parsed
and staged (uploads), each row checked (rows for the cells, checks with lookups for the rest) in
a dry run that writes nothing, and on confirm imported in one transaction (service).

Modules: columns (names, headers, template), rows (one row's cells), lookups (the database reads),
checks (row checks and the budget), uploads (reading and staging), service (the import), notice
(the batch's decision notice text), errors.
"""

from .checks import BulkAwardCheck, YearTotal, check_bulk_awards
from .errors import BulkAwardError
from .rows import AwardFile, AwardRow
from .service import BulkAwardImport, confirm_bulk_awards, import_bulk_awards
from .uploads import read_award_file, staged_award_file, upload_award_file

__all__ = [
    "AwardFile",
    "AwardRow",
    "BulkAwardCheck",
    "BulkAwardError",
    "BulkAwardImport",
    "YearTotal",
    "check_bulk_awards",
    "confirm_bulk_awards",
    "import_bulk_awards",
    "read_award_file",
    "staged_award_file",
    "upload_award_file",
]
