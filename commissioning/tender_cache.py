"""The tender pages' cache: a version of the tender data and the keys of the page fragments kept
per version, so a page read again shows its tables from the cache until something changes.

Every write to a tender, its questions, clarifications, bids, panel, scores and moderated scores
goes through tender_services, and each records an event in the audit trail in the same
transaction; renaming a funding stream or a bidder's organisation is logged too. So the newest
audit entry, with the newest row of each tender table, changes with anything these pages show.
CACHE_SECONDS bounds what it could miss (a row changed outside the services). Keys hold the
user's id: fragments are never shared between users, and none holds a form (CSRF tokens stay
live)."""

from __future__ import annotations

import hashlib

from auditlog.models import LogEntry
from django.db import connection

from .models import Bid, Clarification, ModeratedScore, PanelMember, Score, Tender, TenderQuestion

CACHE_SECONDS = 60


def tender_version() -> str:
    """One query of index-backed aggregates that changes whenever a tender page may have."""
    log, tender, bid, score, moderated, panel, question, clarification = (
        m._meta.db_table
        for m in (
            LogEntry,
            Tender,
            Bid,
            Score,
            ModeratedScore,
            PanelMember,
            TenderQuestion,
            Clarification,
        )
    )
    sql = f"""SELECT (SELECT MAX(id) FROM {log}), (SELECT MAX(id) FROM {tender}),
        (SELECT MAX(id) FROM {bid}), (SELECT MAX(id) FROM {score}),
        (SELECT MAX(id) FROM {moderated}), (SELECT MAX(id) FROM {panel}),
        (SELECT MAX(id) FROM {question}),
        (SELECT MAX(id) FROM {clarification})"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        facts = cursor.fetchone()
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:20]


def fragment_key(request) -> str:
    """The key of one page's cached fragments: the user, the page's address with its query
    string and the version of the tender data."""
    key = f"{request.user.pk}:{request.path}:{sorted(request.GET.lists())}"
    return hashlib.sha256(f"{key}:{tender_version()}".encode()).hexdigest()
