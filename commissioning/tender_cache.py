"""The tender pages' cache: a version of the tender data and the keys of the page fragments kept
per version, so a page read again shows its tables from the cache until something changes.

Every write to a tender, its questions, clarifications, bids, panel, scores and moderated scores
goes through tender_services, and each records an event in the audit trail in the same
transaction; renaming a funding stream or a bidder's organisation is logged too. So the newest
audit entry, with the newest row of each tender table, changes with anything these pages show.
CACHE_SECONDS bounds what it could miss (a row changed outside the services). Office staff's keys
hold the user's id; a bidder's hold their organisation's (all a bidder's page shows is public or
that organisation's own) and, as the clock closes tenders with no write at all, the next
submission deadline to come. No fragment holds a form (CSRF tokens stay live)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from auditlog.models import LogEntry
from django.db import connection
from django.db.models.expressions import RawSQL

from .models import (
    Bid,
    Clarification,
    ModeratedScore,
    PanelMember,
    Score,
    Tender,
    TenderQuestion,
    TenderState,
)
from .rules import received_to_the_second

CACHE_SECONDS = 60
VERSIONED_TABLES = (
    LogEntry,
    Tender,
    Bid,
    Score,
    ModeratedScore,
    PanelMember,
    TenderQuestion,
    Clarification,
)


def _facts(open_at: datetime | None) -> list[tuple[str, list]]:
    """Scalar subqueries with their parameters: per table its index-backed MAX(id) and, given
    `open_at` (a bidder's page), the next submission deadline of a tender open for bids then (to
    the second, as bids are), backed by the (state, submission_deadline) index: when it passes,
    that tender closes for bidders with no write at all."""
    facts = [(f"(SELECT MAX(id) FROM {m._meta.db_table})", []) for m in VERSIONED_TABLES]  # noqa: S608
    if open_at is not None:
        at = connection.ops.adapt_datetimefield_value(received_to_the_second(open_at))
        facts.append(
            (
                f"(SELECT MIN(submission_deadline) FROM {Tender._meta.db_table}"  # noqa: S608
                " WHERE state = %s AND submission_deadline >= %s)",
                [TenderState.PUBLISHED, at],
            )
        )
    return facts


def _digest(facts) -> str:
    return hashlib.sha256(repr(tuple(facts)).encode()).hexdigest()[:20]


def tender_version(*, open_at: datetime | None = None) -> str:
    """One query of index-backed aggregates that changes whenever a tender page may have (and,
    given `open_at`, when the clock closes a tender for bidders)."""
    facts = _facts(open_at)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(sql for sql, _ in facts)}",
            [p for _, params in facts for p in params],
        )
        return _digest(cursor.fetchone())


def with_tender_version(rows, *, open_at: datetime | None = None):
    """Any query's rows, each with the facts of tender_version(open_at=…) read in the same query
    (one query fewer on a page that reads that row anyway); tender_version_of() digests them."""
    return rows.annotate(
        **{f"_version_{i}": RawSQL(sql, params) for i, (sql, params) in enumerate(_facts(open_at))}  # noqa: S611
    )


def tender_version_of(row) -> str:
    """The version read with a row of with_tender_version() (the same as tender_version's)."""
    found = {k: v for k, v in vars(row).items() if k.startswith("_version_")}
    return _digest(found[f"_version_{i}"] for i in range(len(found)))


def fragment_key(request) -> str:
    """The key of one page's cached fragments: the user, the page's address with its query
    string and the version of the tender data."""
    key = f"{request.user.pk}:{request.path}:{sorted(request.GET.lists())}"
    return hashlib.sha256(f"{key}:{tender_version()}".encode()).hexdigest()


def bidder_fragment_key(request, *, organisation, version: str, facts=()) -> str:
    """A bidder's page's key: their organisation (never the user: colleagues share it, and no
    other organisation ever does), the address with its query string, the version and `facts`
    drawn afresh on each request (the tender's status, whether they may ask a question)."""
    key = (organisation.pk, request.path, sorted(request.GET.lists()), version, *facts)
    return hashlib.sha256(repr(key).encode()).hexdigest()
