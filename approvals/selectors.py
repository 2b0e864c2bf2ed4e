"""Decision notice reads: who sees which notices, what awaits a signature, the public register."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear

from . import rules
from .models import DecisionNotice, DecisionNoticeState
from .permissions import can_view_decision_notices

# ?sort= keys of the list page -> order_by; numbers sort by (year, sequence), drafts last.
SORTS = {
    "number": ("year", "sequence"),
    "title": ("title",),
    "amount": ("amount",),
    "state": ("state",),
    "drafted_at": ("drafted_at",),
    "signed_at": ("signed_at",),
}
DEFAULT_SORT = "-drafted_at"
# A notice's long texts and decided facts: read for one notice's pages, never for a list of them.
NOTICE_TEXT = (
    "decision_text",
    "reasons",
    "funding_summary",
    "decided_facts",
    "withdrawal_reason",
    "sent_back_comments",
)


def _with_people(qs: QuerySet[DecisionNotice]) -> QuerySet[DecisionNotice]:
    return qs.select_related("drafted_by", "signed_by", "withdrawn_by")


def notices_visible_to(user) -> QuerySet[DecisionNotice]:
    """Office staff see every notice, drafts included; anyone else none (the public register is
    `signed_notices`). Both the list filter and the detail page's object check use this."""
    qs = _with_people(DecisionNotice.objects.all())
    allowed, _ = can_view_decision_notices(user)
    return qs if allowed else qs.none()


def notices_awaiting_signature(*, for_user) -> QuerySet[DecisionNotice]:
    """Drafts ready for `for_user` to sign: never those they drafted or edited."""
    return (
        notices_visible_to(for_user)
        .filter(state=DecisionNoticeState.DRAFT)
        .exclude(drafted_by=for_user)
        .exclude(editors=for_user)
        .order_by("drafted_at", "pk")
    )


def signed_notices() -> QuerySet[DecisionNotice]:
    """The public register: signed notices, newest first (for the transparency page)."""
    return (
        DecisionNotice.objects.filter(state=DecisionNoticeState.SIGNED)
        .select_related("signed_by")
        .order_by("-signed_at", "-year", "-sequence")
    )


def public_notices(*, year: int | None = None, search: str = "") -> QuerySet[DecisionNotice]:
    """Signed notices for the public transparency page, optionally one year's or matching a search
    (title, number, decision or funding text). No drafts, ever."""
    qs = signed_notices()
    if year:
        qs = qs.filter(year=year)
    if search:
        qs = qs.filter(_text_filter(search, include_body=True))
    return qs


def public_notice_by_number(slug: str) -> DecisionNotice | None:
    """A signed notice by its web address form (`CPCC-2026-001`); None for drafts and nonsense."""
    number = rules.number_from_slug(slug)
    if number is None:
        return None
    return signed_notices().select_related("drafted_by").filter(number=number).first()


def signed_years() -> list[int]:
    """The years with signed notices, newest first (filter choices)."""
    return list(
        DecisionNotice.objects.filter(state=DecisionNoticeState.SIGNED)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def _text_filter(search: str, *, include_body: bool = False) -> Q:
    text = " ".join(search.split())
    condition = Q(title__icontains=text) | Q(number__icontains=rules.normalise_number_search(text))
    if include_body:
        condition |= Q(decision_text__icontains=text) | Q(funding_summary__icontains=text)
    return condition


def with_notice_year(qs: QuerySet[DecisionNotice]) -> QuerySet[DecisionNotice]:
    """Annotate `notice_year`: the year it was signed in, or for a draft the year it was drafted."""
    return qs.annotate(
        notice_year=Coalesce("year", ExtractYear("drafted_at", tzinfo=rules.NUMBERING_TIME_ZONE))
    )


def notice_years(qs: QuerySet[DecisionNotice]) -> list[int]:
    return list(
        with_notice_year(qs.order_by())
        .values_list("notice_year", flat=True)
        .distinct()
        .order_by("-notice_year")
    )


@dataclass(frozen=True)
class NoticeFacts:
    """What the office list needs beyond its page: every notice's count, the years to filter by
    and a version of the notices that changes with any new, edited, signed, withdrawn or deleted
    notice (the list's table is cached under it). A notice's year is its drafting year until it
    is signed, then its signing year, so the years change only with a new notice or a signature
    (a deleted draft: within YEARS_CACHE_SECONDS)."""

    count: int
    years: list[int]
    version: str


YEARS_CACHE_SECONDS = 300


def office_notice_facts() -> NoticeFacts:
    """For office staff, who see every notice (notices_visible_to): one query of index-backed
    aggregates, and the years worked out again only when a notice has been added or signed."""
    table = DecisionNotice._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {table}), (SELECT MAX(id) FROM {table}), "  # noqa: S608
            f"(SELECT MAX(signed_at) FROM {table}), (SELECT MAX(updated_at) FROM {table})"
        )
        count, last_id, last_signed, last_updated = cursor.fetchone()
    key = "notice-years:" + hashlib.sha256(repr((last_id, str(last_signed))).encode()).hexdigest()
    years = cache.get_or_set(
        key, lambda: notice_years(DecisionNotice.objects.all()), YEARS_CACHE_SECONDS
    )
    facts = repr((count, last_id, str(last_signed), str(last_updated)))
    version = hashlib.sha256(facts.encode()).hexdigest()[:20]
    return NoticeFacts(count=count, years=years, version=version)


def _ordered(name: str, *, descending: bool, nulls_last: bool):
    """Drafts (no number, no signature) last; columns that are never empty plainly, so their
    index (notice_list_newest) serves the sort."""
    if not nulls_last:
        return F(name).desc() if descending else F(name).asc()
    return F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)


def filter_notices(
    qs: QuerySet[DecisionNotice],
    *,
    state: str = "",
    year: int | None = None,
    search: str = "",
    sort: str = "",
) -> QuerySet[DecisionNotice]:
    """The list page's filters (state, year, title or number search) and ?sort= ordering."""
    if state:
        qs = qs.filter(state=state)
    qs = with_notice_year(qs)
    if year:
        qs = qs.filter(notice_year=year)
    if search and search.strip():
        qs = qs.filter(_text_filter(search))
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        descending, key = True, DEFAULT_SORT.lstrip("-")
    expressions = [
        _ordered(name, descending=descending, nulls_last=DecisionNotice._meta.get_field(name).null)
        for name in SORTS[key]
    ]
    return qs.order_by(*expressions, "-pk")
