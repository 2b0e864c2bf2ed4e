"""Commissioning-project reads: the projects a user sees, the list with its filters and the version
it is cached under, a project's route advice from the rules in force, its evidence, and overdue
procurement notices (set-based, for the officer's home page and the notices sweep)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from documents.selectors import documents_for
from grants.models import FundingStream

from . import notice_rules, route_advisor
from .models import (
    CommissioningProject,
    NoticePolicy,
    ProcurementNotice,
    ProcurementRouteBand,
    ProjectFundingShare,
    ProjectOutcomeMeasure,
    StatutoryThreshold,
)
from .permissions import can_view_stas

EVIDENCE = "evidence"
NO_NOTICE_POLICY = "No notice periods are in force on {day}: an administrator must add them."


def projects_visible_to(user) -> QuerySet[CommissioningProject]:
    """Office staff see every project (the same staff rule as STAs); anyone else none (404)."""
    if not can_view_stas(user)[0]:
        return CommissioningProject.objects.none()
    return CommissioningProject.objects.select_related("officer", "single_tender_action")


SORTS = {
    "-started": ("-created_at", "-pk"),
    "started": ("created_at", "pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "stage": ("stage", "-created_at", "-pk"),
    "-stage": ("-stage", "-created_at", "-pk"),
}
DEFAULT_SORT = "-started"


@dataclass(frozen=True)
class ProjectFilters:
    stage: str = ""
    stream_id: int | None = None
    officer_id: int | None = None
    route: str = ""
    sort: str = DEFAULT_SORT


LIST_COLUMNS = (
    "pk",
    "title",
    "stage",
    "route",
    "chosen_route",
    "created_at",
    "officer__username",
    "officer__first_name",
    "officer__last_name",
)


def project_list_version() -> str:
    """Changes whenever a project is started or changed (every save stamps updated_at; the plan's
    shares are replaced with it) and whenever the filter's choices may have: streams, route bands,
    who holds a role. One query of small aggregates. Names (of people, streams and partners) are
    not in it: a rename shows within approvals.fragments.CACHE_SECONDS."""
    tables = [
        m._meta.db_table
        for m in (
            CommissioningProject,
            ProjectFundingShare,
            FundingStream,
            ProcurementRouteBand,
            get_user_model().groups.through,
        )
    ]
    # Table names come from the models, never from input.
    parts = [f"(SELECT MAX(updated_at) FROM {tables[0]})"]  # noqa: S608
    parts += [f"(SELECT COUNT(*) FROM {t}), (SELECT MAX(id) FROM {t})" for t in tables]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}")
        return repr(cursor.fetchone())


def projects_for_list(*, user, filters: ProjectFilters) -> QuerySet[CommissioningProject]:
    """The project list: filtered, sorted, each row's funders prefetched (constant queries),
    only the columns it shows."""
    if not can_view_stas(user)[0]:
        return CommissioningProject.objects.none()
    shares = ProjectFundingShare.objects.select_related("stream", "partner").only(
        "project_id", "stream__name", "partner__name"
    )
    queryset = (
        CommissioningProject.objects.select_related("officer")
        .only(*LIST_COLUMNS)
        .prefetch_related(Prefetch("shares", queryset=shares))
    )
    if filters.stage:
        queryset = queryset.filter(stage=filters.stage)
    if filters.officer_id:
        queryset = queryset.filter(officer_id=filters.officer_id)
    if filters.route:
        queryset = queryset.filter(chosen_route=filters.route)
    if filters.stream_id:
        shares = ProjectFundingShare.objects.filter(
            project=OuterRef("pk"), stream_id=filters.stream_id
        )
        queryset = queryset.filter(Exists(shares))
    return queryset.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


DETAIL_PREFETCHES = (
    Prefetch("shares", queryset=ProjectFundingShare.objects.select_related("stream", "partner")),
    Prefetch("measures", queryset=ProjectOutcomeMeasure.objects.order_by("pk")),
    "notices",
    "contracts__provider",
)


def project_for_detail(queryset: QuerySet[CommissioningProject]) -> QuerySet:
    return queryset.prefetch_related(*DETAIL_PREFETCHES)


def with_page_version(projects: QuerySet[CommissioningProject]) -> QuerySet:
    """Adds `page_version`: what a project's page shows besides its own row, read in the same
    query: its history, evidence, notices (how many, how many published), contracts (which, and
    their newest history entry) and the rule tables its route advice reads. Shares and measures
    are replaced only with a save of the project (updated_at)."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from approvals.fragments import page_version

    from .models import Contract

    notices, contracts = ProcurementNotice._meta.db_table, Contract._meta.db_table
    log = LogEntry._meta.db_table
    contract_type = ContentType.objects.get_for_model(Contract).pk
    return projects.annotate(
        page_version=page_version(
            CommissioningProject,
            documents=True,
            related=[
                (
                    f"(SELECT COUNT(*) || ':' || COUNT(published_on) FROM {notices}"  # noqa: S608
                    " WHERE project_id = {outer})",
                    [],
                ),
                (
                    f"(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM {contracts}"  # noqa: S608
                    " WHERE project_id = {outer})",
                    [],
                ),
                (
                    f"(SELECT MAX(id) FROM {log} WHERE content_type_id = %s AND object_id IN"  # noqa: S608
                    f" (SELECT id FROM {contracts} WHERE project_id = {{outer}}))",
                    [contract_type],
                ),
            ],
            tables=[ProcurementRouteBand, StatutoryThreshold],
        )
    )


def evidence_documents(project: CommissioningProject):
    return documents_for(project, purpose=EVIDENCE)


def evidence_count(project: CommissioningProject) -> int:
    if project.pk is None:
        return 0
    cached = getattr(project, "_evidence_count", None)
    if cached is None:
        cached = project._evidence_count = evidence_documents(project).count()
    return cached


def advice_for(project: CommissioningProject) -> route_advisor.RouteAdvice | None:
    """The advisor's answer for the project's current plan (None while the plan lacks a value,
    term, category or start date, or no rule covers the date)."""
    if not (
        project.estimated_annual_value
        and project.initial_months
        and project.category
        and project.procurement_start_date
    ):
        return None
    on = project.procurement_start_date
    try:
        return route_advisor.advise(
            bands=[
                b.as_rule() for b in ProcurementRouteBand.objects.filter(effective_from__lte=on)
            ],
            thresholds=[
                t.as_rule()
                for t in StatutoryThreshold.objects.filter(
                    category=project.category, effective_from__lte=on
                )
            ],
            annual_value=project.estimated_annual_value,
            vat_rate=project.vat_rate,
            initial_months=project.initial_months,
            option_months=list(project.option_months or ()),
            category=project.category,
            on=on,
        )
    except ValueError:
        return None


def route_refusal(
    project: CommissioningProject, advice: route_advisor.RouteAdvice | None = None
) -> str:
    """Why the project's chosen route is not allowed ("" when it is, or cannot be told yet)."""
    if not project.chosen_route:
        return ""
    advice = advice or advice_for(project)
    if advice is None:
        return ""
    return route_advisor.route_refusal(advice, project.chosen_route)


def notice_terms_on(on: date) -> notice_rules.NoticeTerms:
    policy = NoticePolicy.objects.filter(effective_from__lte=on).first()
    if policy is None:
        raise ValueError(NO_NOTICE_POLICY.format(day=f"{on:%-d %B %Y}"))
    return notice_rules.NoticeTerms(
        market_engagement_lead_working_days=policy.market_engagement_lead_working_days,
        standstill_working_days=policy.standstill_working_days,
        contract_details_days=policy.contract_details_days,
        light_touch_contract_details_days=policy.light_touch_contract_details_days,
        below_threshold_notice_from=policy.below_threshold_notice_from,
    )


def overdue_notices(today: date) -> QuerySet[ProcurementNotice]:
    """Every unpublished notice due before `today`, oldest first, with its project and officer
    (one query, whatever the number)."""
    return (
        ProcurementNotice.objects.filter(published_on__isnull=True, due_on__lt=today)
        .select_related("project", "project__officer")
        .order_by("due_on", "pk")
    )


def overdue_notices_version(today: date, *, shown: int) -> str:
    """What the home page's first `shown` overdue notices are, in one query of indexed reads
    (notice_open_due, the projects' keys): each notice's id, kind and due date and its project's
    updated_at (every project save stamps it: title and officer). Nothing else changes that panel
    but a person's renamed name (within approvals.fragments.CACHE_SECONDS)."""
    notices, projects = ProcurementNotice._meta.db_table, CommissioningProject._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(  # table names come from the models, never from input
            f"SELECT n.id, n.kind, n.due_on, p.updated_at FROM {notices} n"  # noqa: S608
            f" JOIN {projects} p ON p.id = n.project_id"
            " WHERE n.published_on IS NULL AND n.due_on < %s ORDER BY n.due_on, n.id LIMIT %s",
            [today, shown],
        )
        return repr(cursor.fetchall())


def overdue_notices_for(*, officer, today: date) -> QuerySet[ProcurementNotice]:
    """An officer's overdue notices (their home page)."""
    return overdue_notices(today).filter(project__officer=officer)
