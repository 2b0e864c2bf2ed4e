"""Spreadsheet imports and exports (django-import-export): all or nothing in, formula-safe out.

Every resource in the project derives from `AllOrNothingResource`, so the admin's dry run, its
confirm step, a skipped confirm and any programmatic import all roll back when any row fails, and
every export path (admin action, export view, our own download views) neutralises risky cells.
"""

from dataclasses import dataclass

from import_export import resources

from .spreadsheets import neutralise_dataset


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number as people see it (header is row 1)
    field: str  # column name, or "" for an error about the whole row
    message: str


class AllOrNothingResource(resources.ModelResource):
    """Import every row or none; export with every risky cell neutralised."""

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def export(self, queryset=None, **kwargs):
        return neutralise_dataset(super().export(queryset, **kwargs))


def row_errors(result) -> list[RowError]:
    """Every problem in an import result, in row order, with the row number people see."""
    problems: list[RowError] = []
    for invalid in result.invalid_rows:
        for field, messages in invalid.error_dict.items():
            for message in messages:
                field_name = "" if field == "__all__" else field
                problems.append(RowError(invalid.number + 1, field_name, str(message)))
    for number, errors in result.row_errors():
        for error in errors:
            problems.append(RowError(number + 1, "", str(error.error)))
    for error in result.base_errors:
        problems.append(RowError(0, "", str(error.error)))
    return sorted(problems, key=lambda p: (p.row, p.field))
