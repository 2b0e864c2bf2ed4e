"""Scale seeder for commissioning projects (called from commissioning/scale.py): projects at every
stage with their planned funding shares and outcome measures, the route fixed for those in Do and
Review, and the notices a regulated one owes (some published, some overdue). Written in bulk, so
no history entries; `bulk_projects` also builds the lists the query-count tests time."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from core.scale import ScalePlan, bulk_insert
from core.working_days import add_working_days

from . import route_advisor
from .models import (
    CommissioningProject,
    NoticeKind,
    ProcurementNotice,
    ProjectFundingShare,
    ProjectOutcomeMeasure,
    ProjectStage,
)

_STAGES = (
    (ProjectStage.UNDERSTAND, 20),
    (ProjectStage.PLAN, 25),
    (ProjectStage.DO, 35),
    (ProjectStage.REVIEW, 20),
)
_TITLES = (
    "Independent domestic violence advisers",
    "Restorative justice service",
    "Victim and witness hub",
    "Youth diversion sessions",
    "Hate crime support",
    "Child sexual exploitation outreach",
)
_MEASURES = (
    ("Victims supported", "people", "400", "at_least"),
    ("Days to first contact", "days", "2", "at_most"),
)


def bulk_projects(
    *, officer, count: int, rng: random.Random, today: dt.date, stream_id: int | None = None
) -> list[CommissioningProject]:
    """Insert `count` projects across the stages with shares, measures and notices."""
    stages, weights = [s for s, _ in _STAGES], [w for _, w in _STAGES]
    projects = []
    for i in range(count):
        stage = rng.choices(stages, weights)[0]
        annual = Decimal(rng.randrange(20_000, 300_000))
        planned = stage != ProjectStage.UNDERSTAND
        regulated = planned and annual * 4 >= Decimal("663540")
        route = route_advisor.REGULATED if regulated else "Competitive tender"
        project = CommissioningProject(
            title=f"{rng.choice(_TITLES)} {i + 1}",
            officer=officer,
            created_by=officer,
            need_statement="Victims wait too long for support.",
            evidence_notes="Needs assessment: referrals rose a fifth in two years.",
            co_dependencies="Victim and Witness Hub",
            service_description="A countywide service." if planned else "",
            scope="countywide" if planned else "",
            estimated_annual_value=annual if planned else None,
            initial_months=36 if planned else None,
            option_months=[12] if planned else [],
            category="light_touch" if planned else "",
            procurement_start_date=today - dt.timedelta(days=rng.randint(0, 400))
            if planned
            else None,
            chosen_route=route if planned else "",
            route=route if stage in (ProjectStage.DO, ProjectStage.REVIEW) else "",
            regulated=regulated and stage in (ProjectStage.DO, ProjectStage.REVIEW),
            stage=stage,
        )
        projects.append(project)
    projects = bulk_insert(CommissioningProject, projects)
    shares, measures, notices = [], [], []
    for project in projects:
        if not project.estimated_annual_value:
            continue
        if stream_id:
            shares.append(
                ProjectFundingShare(
                    project=project,
                    stream_id=stream_id,
                    annual_amount=project.estimated_annual_value,
                )
            )
        measures += [
            ProjectOutcomeMeasure(project=project, metric=m, unit=u, target=Decimal(t), direction=d)
            for m, u, t, d in _MEASURES
        ]
        if project.regulated:
            start = project.procurement_start_date
            notices += [
                ProcurementNotice(
                    project=project,
                    kind=NoticeKind.MARKET_ENGAGEMENT,
                    due_on=add_working_days(start, -20),
                    reference=f"FTS-PME-{project.pk}",
                    published_on=add_working_days(start, -21),
                ),
                ProcurementNotice(project=project, kind=NoticeKind.TENDER, due_on=start),
            ]
    bulk_insert(ProjectFundingShare, shares)
    bulk_insert(ProjectOutcomeMeasure, measures)
    bulk_insert(ProcurementNotice, notices)
    return projects


def seed_projects(plan: ScalePlan) -> None:
    count = plan.sizes.get("projects", 0)
    if not count:
        return
    from grants.models import FundingStream

    stream = FundingStream.objects.order_by("pk").first()
    bulk_projects(
        officer=plan.users["officer"],
        count=count,
        rng=plan.rng,
        today=plan.today,
        stream_id=stream.pk if stream else None,
    )
    plan.note(f"{count:,} commissioning projects")
