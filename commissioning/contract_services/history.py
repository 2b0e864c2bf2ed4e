"""Importing historic contracts from a CSV file: every row checked (the N plus M rule per row), a
dry run that writes nothing, and all or nothing: one bad row refuses the whole file, naming it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from providers.models import Organisation

from .. import contract_terms
from ..contract_permissions import can_manage_contracts
from ..errors import CommissioningError
from ..models import Contract, ContractOrigin
from .common import _require
from .contracts import ContractDetails, create_contract

COLUMNS = (
    "reference",
    "provider",
    "service",
    "start_date",
    "initial_months",
    "options",
    "annual_value",
    "commissioner_notice_months",
    "provider_notice_months",
)
MAX_ROWS = 5_000


@dataclass
class ImportReport:
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    created: list[Contract] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _months(text: str, label: str) -> int:
    try:
        value = int(text.strip())
    except ValueError as exc:
        raise ValueError(f"{label} must be a whole number of months") from exc
    return value


def _row_details(row: dict, providers: dict) -> ContractDetails:
    provider = providers.get((row.get("provider") or "").strip())
    if provider is None:
        raise ValueError(f"There is no provider called “{(row.get('provider') or '').strip()}”")
    try:
        start = date.fromisoformat((row.get("start_date") or "").strip())
    except ValueError as exc:
        raise ValueError("start_date must be a date like 2024-04-01") from exc
    initial = _months(row.get("initial_months") or "", "initial_months")
    options_text = (row.get("options") or "").replace(" ", "")
    options = (
        tuple(_months(p, "Each option") for p in options_text.split("+")) if options_text else ()
    )
    errors = contract_terms.term_errors(initial, options)
    if errors:
        raise ValueError(errors[0])
    try:
        annual = Decimal((row.get("annual_value") or "").replace(",", "").replace("£", "").strip())
    except InvalidOperation as exc:
        raise ValueError("annual_value must be an amount like 45000.00") from exc
    return ContractDetails(
        reference=(row.get("reference") or "").strip(),
        provider=provider,
        title=(row.get("service") or "").strip(),
        start_date=start,
        initial_months=initial,
        option_months=options,
        annual_value=annual,
        commissioner_notice_months=_months(
            row.get("commissioner_notice_months") or "", "commissioner_notice_months"
        ),
        provider_notice_months=_months(
            row.get("provider_notice_months") or "", "provider_notice_months"
        ),
        origin=ContractOrigin.IMPORTED,
    )


def import_historic_contracts(*, csv_text: str, imported_by, dry_run: bool) -> ImportReport:
    """Check every row; unless it is a dry run and only if every row is good, create every
    contract (as drafts of origin "imported history") in one transaction."""
    _require(can_manage_contracts(imported_by))
    reader = csv.DictReader(io.StringIO(csv_text.replace("\x00", "")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CommissioningError(f"The file has no column {', '.join(missing)}")
    providers = {o.name: o for o in Organisation.objects.all()}
    taken = set(Contract.objects.values_list("reference", flat=True))
    report, parsed = ImportReport(), []
    for number, row in enumerate(reader, start=2):
        report.rows += 1
        if report.rows > MAX_ROWS:
            raise CommissioningError(f"Import at most {MAX_ROWS:,} contracts at a time")
        try:
            details = _row_details(row, providers)
            if not details.reference:
                raise ValueError("Every contract needs a reference")
            if details.reference in taken:
                raise ValueError(f"The reference {details.reference} is already used")
            taken.add(details.reference)
            parsed.append((number, details))
        except ValueError as exc:
            report.errors.append((number, f"Row {number}: {exc}"))
    if report.errors or dry_run:
        return report
    try:
        with transaction.atomic():
            for number, details in parsed:
                try:
                    report.created.append(create_contract(details=details, created_by=imported_by))
                except CommissioningError as exc:
                    report.errors.append((number, f"Row {number}: {exc.message}"))
                    raise
    except CommissioningError:
        report.created = []
    return report
