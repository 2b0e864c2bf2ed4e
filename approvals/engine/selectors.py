"""The approvers' queues: requests waiting for a user's decision, and those they have decided.

Each is one queryset with what the queue page shows joined or prefetched, so a page takes the same
number of queries for 5 requests as for 500.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value

from accounts.roles import Role

from ..fragments import cached_count, last_logged, page_version
from ..models import DecisionNotice
from .models import ApprovalBand, ApprovalDecision, ApprovalKind, ApprovalRequest, ApprovalState

SORT_FIELDS = ("requested_at", "value", "kind", "title")
DEFAULT_SORT = "requested_at"  # oldest first


def _order(sort: str) -> tuple[str, ...]:
    field = sort.lstrip("-")
    if field not in SORT_FIELDS:
        sort = DEFAULT_SORT
    return (sort, "-pk" if sort.startswith("-") else "pk")


def _with_facts(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("requested_by", "band", "decision_notice").prefetch_related(
        Prefetch("decisions", queryset=ApprovalDecision.objects.select_related("decided_by")),
        "authors",
    )


def waiting_for(*, user, kind: str = "", sort: str = DEFAULT_SORT) -> QuerySet[ApprovalRequest]:
    """Pending requests with a required role `user` holds that nobody has decided yet, which they
    did not ask for and have not decided in another role. Oldest first by default."""
    roles = [str(r) for r in Role if user.has_role(r)]
    undecided = Q()
    for field in ("first_role", "second_role"):
        decided = ApprovalDecision.objects.filter(request=OuterRef("pk"), role=OuterRef(field))
        undecided |= Q(**{f"{field}__in": roles}) & ~Exists(decided)
    mine = ApprovalDecision.objects.filter(request=OuterRef("pk"), decided_by=user)
    queryset = (
        ApprovalRequest.objects.filter(state=ApprovalState.PENDING)
        .filter(undecided)
        .exclude(requested_by=user)
        .exclude(authors=user)
        .exclude(Exists(mine))
    )
    if kind in ApprovalKind.values:
        queryset = queryset.filter(kind=kind)
    return _with_facts(queryset.order_by(*_order(sort)))


def decided_by(*, user, kind: str = "", sort: str = "-requested_at") -> QuerySet[ApprovalRequest]:
    """Requests `user` has decided (in any role), newest first by default."""
    queryset = ApprovalRequest.objects.filter(decisions__decided_by=user).distinct()
    if kind in ApprovalKind.values:
        queryset = queryset.filter(kind=kind)
    return _with_facts(queryset.order_by(*_order(sort)))


QUEUE_CACHE_SECONDS = 60


def queue_version() -> str:
    """Changes whenever a request is added or decided, a decision is recorded or an author is
    added (what moves a request in or out of someone's queues): one query of small aggregates.
    A queue page's table is kept per version (QUEUE_CACHE_SECONDS at most); deciding always
    checks afresh (services), so a table never lets anyone decide what they may not."""
    requests, decisions = ApprovalRequest._meta.db_table, ApprovalDecision._meta.db_table
    authors = ApprovalRequest.authors.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {requests}), (SELECT MAX(decided_at) FROM {requests}), "  # noqa: S608
            f"(SELECT COUNT(*) FROM {requests} WHERE state = %s), "
            f"(SELECT MAX(id) FROM {decisions}), (SELECT MAX(id) FROM {authors})",
            [ApprovalState.PENDING],
        )
        return repr(cursor.fetchone())


def waiting_count(*, user, kind: str = "", version: str | None = None) -> int:
    """How many requests wait for `user` (`waiting_for`), kept per version of the queues (the
    queue page's count and the home page's panel share it). `version`: one already read."""
    return cached_count(
        f"queue:{user.pk}:waiting:{kind}",
        version or queue_version(),
        lambda: waiting_for(user=user, kind=kind).count(),
    )


def approval_request_summary(*, pk: int, reader) -> ApprovalRequest:
    """What a request's page needs when its body is cached: the title and kind (its heading
    outside the cache), its state and decision time, whether `reader` wrote what it approves, and
    `page_version`: its history's newest entry, its decisions (count, newest), its decision
    notice (number, state) and the bands (count, newest; an edit in place shows within
    fragments.CACHE_SECONDS). One query of the row and indexed aggregates, no joins."""
    table, notices = ApprovalRequest._meta.db_table, DecisionNotice._meta.db_table
    decisions = ApprovalDecision._meta.db_table
    authors = ApprovalRequest.authors.through.objects.filter(
        approvalrequest=OuterRef("pk"), user=reader.pk
    )
    related = [  # table names come from the models, never from input
        (
            f"(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM {decisions}"  # noqa: S608
            " WHERE request_id = {outer})",
            [],
        ),
        (
            f"(SELECT n.id || ':' || COALESCE(n.number, '') || ':' || n.state FROM {notices} n,"  # noqa: S608
            f" {table} r WHERE r.id = {{outer}} AND n.id = r.decision_notice_id)",
            [],
        ),
    ]
    return (
        ApprovalRequest.objects.only("title", "kind", "state", "decided_at")
        .annotate(
            page_version=page_version(ApprovalRequest, related=related, tables=[ApprovalBand]),
            reader_wrote_it=Exists(authors),
        )
        .get(pk=pk)
    )


def approval_request(*, pk: int, reader=None) -> ApprovalRequest:
    """One request with its facts. For its page (`reader`: who reads it) it also carries
    `history_version` (its newest audit entry, part of the version the page is cached under) and
    whether the reader wrote what it approves (`written_by` reads it instead of the authors)."""
    if reader is None:
        return _with_facts(ApprovalRequest.objects.all()).get(pk=pk)
    authors = ApprovalRequest.authors.through.objects.filter(
        approvalrequest=OuterRef("pk"), user=reader.pk
    )
    return (
        ApprovalRequest.objects.select_related("requested_by", "band", "decision_notice")
        .annotate(
            history_version=last_logged(ApprovalRequest),
            reader_id=Value(reader.pk),
            reader_wrote_it=Exists(authors),
        )
        .prefetch_related(
            Prefetch("decisions", queryset=ApprovalDecision.objects.select_related("decided_by"))
        )
        .get(pk=pk)
    )
