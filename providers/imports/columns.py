"""The providers spreadsheet's columns and one row's cells parsed (no database).

Columns are the model's field names ("Charity number" is charity_number); `name` and `kind` are
required, others optional (a missing column leaves an existing organisation's value alone).
`kind` takes the label or the stored value, yes/no columns Yes/No (or true/false, 1/0) and
`districts` names districts separated by ";".
"""

from __future__ import annotations

from typing import Any

from ..models import OrganisationKind, organisation_fields
from ..rules import normalise_name

COLUMNS = organisation_fields(is_active=False)
REQUIRED_COLUMNS = ("name", "kind")
YES_NO_COLUMNS = ("countywide", "third_sector", "local")
IDENTIFIER_COLUMNS = ("charity_number", "company_number")
DISTRICT_SEPARATOR = ";"
YES_VALUES = frozenset({"yes", "y", "true", "1"})
NO_VALUES = frozenset({"no", "n", "false", "0"})

UNKNOWN_COLUMNS_MESSAGE = "Unknown column(s): {unknown}. The columns are: {known}"
MISSING_COLUMNS_MESSAGE = "The file has no {missing} column. The columns are: {known}"
REPEATED_COLUMN_MESSAGE = "The column {column} appears more than once"
YES_NO_MESSAGE = "Enter Yes or No"
NAME_MISSING_MESSAGE = "Enter the organisation's name"
KIND_MESSAGE = "Enter the kind of organisation: " + ", ".join(
    str(label) for label in OrganisationKind.labels
)


def column_key(header: Any) -> str:
    return "_".join(str(header or "").strip().lower().split())


def check_headers(headers: list[str]) -> tuple[list[str], list[str]]:
    """The headers as field names, and every problem with them."""
    named = [column_key(h) for h in headers]
    known = ", ".join(COLUMNS)
    problems = []
    for column in dict.fromkeys(c for c in named if c and named.count(c) > 1):
        problems.append(REPEATED_COLUMN_MESSAGE.format(column=column))
    missing = [c for c in REQUIRED_COLUMNS if c not in named]
    if missing:
        problems.append(MISSING_COLUMNS_MESSAGE.format(missing=" or ".join(missing), known=known))
    unknown = [h for h in named if h and h not in COLUMNS]
    if unknown:
        problems.append(UNKNOWN_COLUMNS_MESSAGE.format(unknown=", ".join(unknown), known=known))
    return named, problems


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's number 1123456.0 is the text "1123456"
    return str(value).strip()


def _kind_key(text: str) -> str:
    return " ".join(str(text).replace("_", " ").split()).casefold()


_KINDS = {
    **{_kind_key(kind.value): kind.value for kind in OrganisationKind},
    **{_kind_key(kind.label): kind.value for kind in OrganisationKind},
    "cic": OrganisationKind.CIC.value,
}


def parse_kind(value: Any) -> str:
    """Kind of organisation: the label ("Public body") or the value ("public_body")."""
    text = _text(value)
    if not text:
        raise ValueError(KIND_MESSAGE)
    try:
        return _KINDS[_kind_key(text)]
    except KeyError:
        raise ValueError(f"“{text}” is not a kind of organisation. {KIND_MESSAGE}") from None


def parse_yes_no(value: Any) -> bool:
    """Yes/No, Y/N, true/false or 1/0 (and spreadsheet booleans)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = _text(value).casefold()
    if text in YES_VALUES:
        return True
    if text in NO_VALUES:
        return False
    raise ValueError(YES_NO_MESSAGE if not text else f"“{_text(value)}” is not Yes or No")


def parse_districts(value: Any) -> list[str]:
    names = [n.strip() for n in _text(value).split(DISTRICT_SEPARATOR)]
    return list(dict.fromkeys(n for n in names if n))


def parse_row(number: int, cells: dict[str, Any], broken: dict[str, str]) -> dict:
    """One row's values by field name, and its cell problems, as staged JSON."""
    values: dict[str, Any] = {}
    errors: list[list[str]] = []
    for column, value in cells.items():
        if column not in COLUMNS:
            continue
        if column in broken:
            errors.append([column, broken[column]])
            continue
        try:
            if column == "kind":
                values[column] = parse_kind(value)
            elif column in YES_NO_COLUMNS:
                values[column] = parse_yes_no(value)
            elif column == "districts":
                values[column] = parse_districts(value)
            elif column == "name":
                values[column] = normalise_name(_text(value))
                if not values[column]:
                    raise ValueError(NAME_MISSING_MESSAGE)
            else:
                values[column] = _text(value)
        except ValueError as error:
            errors.append([column, str(error)])
    return {"number": number, "values": values, "errors": errors}
