"""Scale seeder for outcome returns (see core/scale.py): the schedule of every active or closed seeded
grant and every let seeded contract (returns.rules with the settings in force, from the award's
start to its current end), each return in the state its dates make likely, with one output
snapshot and, once submitted, its submitted version. Written in bulk: no history. On PostgreSQL
each table is one COPY (the returns' keys reserved from their sequence first, for the outputs and
versions that point at them); other databases use bulk_create.

Size: `--returns` caps the total (default 500,000, issue 15's figure). The full schedules of the
default 50,000 grants and 1,000 contracts hold about 117,500 returns (measured 2026-12-03), all of
which are written: 500,000 would need about four times the award history the grants and contracts
seeders make (six-monthly periods over realistic award lengths); each return costs three rows at
most.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from commissioning.models import Contract, ContractState
from core.scale import ScalePlan, bulk_insert
from grants.models import Grant, GrantState

from . import rules
from .models import OutcomeReturn, ReturnOutput, ReturnSettings, ReturnState, ReturnSubmission
from .selectors import settings_in_force
from .versioning import changed

SIZES = {"returns": 500_000}
S = ReturnState


def _state(plan: ScalePlan, due: dt.date, period_end: dt.date) -> str:
    rng, today = plan.rng, plan.today
    if period_end >= today:
        return S.NOT_STARTED if rng.random() < 0.7 else S.DRAFT
    if due >= today:
        return rng.choices([S.NOT_STARTED, S.DRAFT, S.SUBMITTED], [30, 40, 30])[0]
    if (today - due).days > 120:
        return rng.choices([S.ACCEPTED, S.NOT_STARTED], [95, 5])[0]
    return rng.choices(
        [S.SUBMITTED, S.RESUBMITTED, S.CHANGES_REQUESTED, S.ACCEPTED, S.DRAFT], [30, 10, 10, 40, 10]
    )[0]


@dataclass(frozen=True)
class _Money:
    start_date: dt.date
    end_date: dt.date
    total: object
    recipient_id: int


MONEY = ("award__start_date", "award__end_date", "award__total", "award__recipient_id")


def _awards(plan: ScalePlan):
    """(award key, money) of each let seeded contract, then each active or closed grant (contracts
    first: a few thousand returns that a small --returns must not crowd out). Plain values, not
    model instances: tens of thousands of them."""
    contracts = (
        Contract.objects.filter(pk__in=plan.made.get("contract_ids", []), award__isnull=False)
        .exclude(state=ContractState.DRAFT)
        .order_by("pk")
        .values_list("pk", *MONEY)
    )
    for pk, *money in contracts.iterator(chunk_size=5000):
        yield {"contract_id": pk}, _Money(*money)
    grants = (
        Grant.objects.filter(
            pk__in=plan.made.get("grant_ids", []), state__in=[GrantState.ACTIVE, GrantState.CLOSED]
        )
        .order_by("pk")
        .values_list("pk", *MONEY)
    )
    for pk, *money in grants.iterator(chunk_size=5000):
        yield {"grant_id": pk}, _Money(*money)


def _settings_by_start():
    """settings_in_force for many start dates with one query (the same choice: the latest start on
    or before the day, else the earliest)."""
    found = sorted(ReturnSettings.objects.all(), key=lambda c: c.effective_from)
    if not found:
        return settings_in_force  # raises its own LookupError

    def pick(day: dt.date):
        return next((c for c in reversed(found) if c.effective_from <= day), found[0])

    return pick


RETURN_COLUMNS = (
    "grant_id",
    "contract_id",
    "provider_id",
    "period_number",
    "period_start",
    "period_end",
    "due_date",
    "light",
    "state",
    "version",
    "activity",
    "impact",
    "review_comment",
    "submitted_at",
    "reviewed_at",
    "reviewed_by_id",
)
OUTPUT_COLUMNS = (
    "outcome_return_id",
    "measure_key",
    "label",
    "unit",
    "target",
    "value",
    "position",
)
SUBMISSION_COLUMNS = (
    "outcome_return_id",
    "number",
    "submitted_at",
    "submitted_by_id",
    "content",
    "outcome",
    "review_comment",
)


def _rows(plan: ScalePlan, limit: int) -> list[tuple]:
    """Each return as a row of RETURN_COLUMNS (plain values: hundreds of thousands of them)."""
    officer_id = plan.users["officer"].pk
    in_force = _settings_by_start()
    zone = timezone.get_current_timezone()
    rows = []
    for key, award in _awards(plan):
        config = in_force(award.start_date)
        light = rules.is_light_return(award.total, light_up_to=config.light_return_up_to)
        for p in rules.return_periods(
            award.start_date,
            award.end_date,
            months=config.period_months,
            due_after_days=config.due_after_days,
        ):
            if len(rows) >= limit:
                return rows
            state = _state(plan, p.due, p.ends)
            submitted = state in (S.SUBMITTED, S.RESUBMITTED, S.CHANGES_REQUESTED, S.ACCEPTED)
            reviewed = state in (S.ACCEPTED, S.CHANGES_REQUESTED)
            late_days = plan.rng.choice((-20, -5, 0, 3, 15))
            when = dt.datetime.combine(
                p.due + dt.timedelta(days=late_days), dt.time(12), tzinfo=zone
            )
            rows.append(
                (
                    key.get("grant_id"),
                    key.get("contract_id"),
                    award.recipient_id,
                    p.number,
                    p.starts,
                    p.ends,
                    p.due,
                    light,
                    state,
                    1,
                    "Sessions delivered as agreed." if state != S.NOT_STARTED else "",
                    "",
                    "",
                    when if submitted else None,
                    when + dt.timedelta(days=14) if reviewed else None,
                    officer_id if reviewed else None,
                )
            )
    return rows


def _write(model, columns: tuple[str, ...], rows: list[tuple], *, ids: bool = False):
    """Insert the rows; with `ids`, return their new primary keys in order. PostgreSQL gets one
    COPY per table (the keys reserved from the table's sequence first); other databases
    bulk_create."""
    if connection.vendor != "postgresql":
        made = bulk_insert(model, (model(**dict(zip(columns, row, strict=True))) for row in rows))
        return [m.pk for m in made] if ids else None
    table = model._meta.db_table
    keys = None
    with connection.cursor() as cursor:
        if ids and rows:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(%s)", [sequence])
            first = cursor.fetchone()[0]
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + len(rows) - 1])
            keys = range(first, first + len(rows))
            columns, rows = ("id", *columns), [(k, *row) for k, row in zip(keys, rows, strict=True)]
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    return list(keys or []) if ids else None


def seed(plan: ScalePlan) -> None:
    provider_id = plan.users["provider"].pk
    rows = _rows(plan, plan.sizes["returns"])
    ids = _write(OutcomeReturn, RETURN_COLUMNS, rows, ids=True)
    at = {name: i for i, name in enumerate(RETURN_COLUMNS)}
    grant, state, submitted_at = at["grant_id"], at["state"], at["submitted_at"]
    _write(
        ReturnOutput,
        OUTPUT_COLUMNS,
        [
            (
                pk,
                "grant_activity:scale" if row[grant] else "outcome_measure:scale",
                "People supported",
                "",
                40,
                None if row[state] == S.NOT_STARTED else plan.rng.randrange(0, 80),
                0,
            )
            for pk, row in zip(ids, rows, strict=True)
        ],
    )
    content = {"activity": "Sessions delivered as agreed.", "outputs": [], "star_readings": []}
    as_json = json.dumps(content) if connection.vendor == "postgresql" else content
    _write(
        ReturnSubmission,
        SUBMISSION_COLUMNS,
        [
            (
                pk,
                1,
                row[submitted_at],
                provider_id,
                as_json,
                row[state] if row[state] in (S.ACCEPTED, S.CHANGES_REQUESTED) else "",
                "",
            )
            for pk, row in zip(ids, rows, strict=True)
            if row[submitted_at] is not None
        ],
    )
    changed()  # bulk inserts send no signals: a running server's cached pages move on
    on_contracts = sum(1 for row in rows if row[at["contract_id"]])
    plan.note(f"{len(rows)} outcome returns ({on_contracts} on contracts) with an output each")
