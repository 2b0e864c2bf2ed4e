"""The providers import's row checks: each parsed row against the model's rules, the area-served
rule, the districts, the file's other rows and the directory, with every lookup done once per file.

A row naming an organisation already in the directory (ignoring case and spacing) updates it; any
other row adds one. Checking writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from core.imports import RowError

from .. import rules
from ..models import District, Organisation
from .columns import COLUMNS, IDENTIFIER_COLUMNS

NO_ROWS_MESSAGE = "The file has no organisations in it: put one on each row under the column names"
REPEATED_NAME_MESSAGE = "“{name}” is also on row {first}: list each organisation once"
UNKNOWN_DISTRICT_MESSAGE = "Unknown district {names}. Districts are: {known}"
IDENTIFIER_TAKEN_MESSAGE = "{number} is already the {label} of {name}"
IDENTIFIER_REPEATED_MESSAGE = "{number} is also the {label} on row {first}"


@dataclass
class ProviderRow:
    number: int
    values: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)
    organisation: Organisation | None = None
    districts: list[District] | None = None  # None: the file has no districts column
    is_new: bool = True
    previous: Organisation | None = None  # the directory's entry it updates, as it was

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))


@dataclass
class ProvidersCheck:
    rows: list[ProviderRow]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def new_count(self) -> int:
        return sum(1 for r in self.rows if r.is_new)

    @property
    def updated_count(self) -> int:
        return sum(1 for r in self.rows if not r.is_new)

    @property
    def rows_with_errors(self) -> int:
        return sum(1 for r in self.rows if r.errors)


def check_providers(staged: dict) -> ProvidersCheck:
    """Every staged row checked; every problem listed by row and column (file problems are row 0)."""
    if staged["problems"]:
        return ProvidersCheck(rows=[], errors=[RowError(0, "", p) for p in staged["problems"]])
    rows = [
        ProviderRow(
            number=r["number"],
            values=dict(r["values"]),
            errors=[RowError(r["number"], c, m) for c, m in r["errors"]],
        )
        for r in staged["rows"]
    ]
    if not rows:
        return ProvidersCheck(rows=[], errors=[RowError(0, "", NO_ROWS_MESSAGE)])
    # Matched on the stored name key, so a look-alike spelling finds the organisation it copies.
    keys = sorted({rules.name_key(r.values["name"]) for r in rows if r.values.get("name")})
    existing = {
        o.name_key: o
        for o in Organisation.objects.filter(name_key__in=keys).prefetch_related("districts")
    }
    districts = {d.name.casefold(): d for d in District.objects.all()}
    holders = _identifier_holders(rows)
    first_row_of: dict[str, int] = {}
    first_identifier: dict[tuple[str, str], int] = {}
    for row in rows:
        _check_row(row, existing, districts)
        key = rules.name_key(row.values.get("name", ""))
        if key:
            first = first_row_of.setdefault(key, row.number)
            if first != row.number:
                row.fail("name", REPEATED_NAME_MESSAGE.format(name=row.values["name"], first=first))
        _check_identifiers(row, holders, first_identifier)
    order = {column: index for index, column in enumerate(COLUMNS)}
    errors = sorted(
        (e for r in rows for e in r.errors), key=lambda e: (e.row, order.get(e.field, -1))
    )
    return ProvidersCheck(rows=rows, errors=errors)


def _check_row(row: ProviderRow, existing: dict, districts: dict[str, District]) -> None:
    values = row.values
    found = existing.get(rules.name_key(values.get("name", "")))
    row.is_new = found is None
    row.previous = found
    organisation = Organisation() if found is None else Organisation(**_copy(found))
    for column, value in values.items():
        if column != "districts":
            setattr(organisation, column, value)
    row.organisation = organisation
    if "districts" in values:
        unknown = [n for n in values["districts"] if n.casefold() not in districts]
        if unknown:
            row.fail(
                "districts",
                UNKNOWN_DISTRICT_MESSAGE.format(
                    names=", ".join(f"“{n}”" for n in unknown),
                    known=", ".join(sorted(d.name for d in districts.values())),
                ),
            )
        chosen = [districts[n.casefold()] for n in values["districts"] if n.casefold() in districts]
        row.districts = list({d.pk: d for d in chosen}.values())
    broken = {e.field for e in row.errors}
    try:
        # Unique names and numbers are checked once for the whole file, not a query per row.
        organisation.full_clean(
            exclude=[*broken, "districts"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for column, messages in error.message_dict.items():
            for message in messages:
                row.fail("" if column == "__all__" else column, message)
    area = row.districts if row.districts is not None else (found.districts.all() if found else [])
    if "countywide" not in broken and "districts" not in broken:
        problem = rules.area_served_error(
            countywide=organisation.countywide, district_count=len(area)
        )
        if problem:
            row.fail("districts", problem)


def _copy(organisation: Organisation) -> dict:
    return {f.attname: getattr(organisation, f.attname) for f in Organisation._meta.concrete_fields}


def _identifier_holders(rows: list[ProviderRow]) -> dict[tuple[str, str], Organisation]:
    """Who in the directory already holds each charity or company number the file gives."""
    wanted = Q(pk__in=[])
    for column in IDENTIFIER_COLUMNS:
        numbers = {r.values[column] for r in rows if r.values.get(column)}
        if numbers:
            wanted |= Q(**{f"{column}__in": sorted(numbers)})
    holders = {}
    for organisation in Organisation.objects.filter(wanted):
        for column in IDENTIFIER_COLUMNS:
            if getattr(organisation, column):
                holders[(column, getattr(organisation, column))] = organisation
    return holders


def _check_identifiers(row: ProviderRow, holders: dict, first_of: dict) -> None:
    for column in IDENTIFIER_COLUMNS:
        number = row.values.get(column)
        if not number:
            continue
        label = Organisation._meta.get_field(column).verbose_name
        holder = holders.get((column, number))
        if holder is not None and rules.name_key(holder.name) != rules.name_key(
            row.values.get("name", "")
        ):
            row.fail(
                column, IDENTIFIER_TAKEN_MESSAGE.format(number=number, label=label, name=holder)
            )
        first = first_of.setdefault((column, number), row.number)
        if first != row.number:
            row.fail(
                column, IDENTIFIER_REPEATED_MESSAGE.format(number=number, label=label, first=first)
            )
