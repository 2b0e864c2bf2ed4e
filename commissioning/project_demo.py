"""Demo commissioning projects (called from commissioning/demo.py): one at each stage, built
through the services. The integrated victims hub is a light-touch service above the statutory
threshold: a regulated procurement with its notices checklist part done (market engagement and
tender notices published, the contract award notice overdue). The IDVA project reached Review
through the demo contract CON-2025-001. Idempotent: each project has a fixed form key and each
step runs only from the stage before it."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from grants.models import FundingStream
from grants.services import ShareInput

from . import project_services as services
from .models import CommissioningProject, Contract, NoticeKind, ProjectStage
from .notice_services import record_notice_due, record_notice_published
from .route_advisor import REGULATED

_NAMESPACE = uuid.UUID("9d4e2c1a-6b7f-4c3d-8e2a-1f0b9c8d7e60")

_MEASURES = (
    services.MeasureInput("Victims supported", Decimal("1200"), "people"),
    services.MeasureInput("Days from referral to first contact", Decimal("2"), "days", "at_most"),
    services.MeasureInput("Service users who feel safer", Decimal("80"), "%"),
)

# key, title, stage reached, plan (annual value, initial, options, category, start, route)
PROJECTS = [
    ("hate-crime", "Hate crime third-party reporting centres", ProjectStage.UNDERSTAND, None),
    ("rj", "Restorative justice service", ProjectStage.PLAN, None),
    (
        "hub",
        "Integrated victim and witness hub",
        ProjectStage.DO,
        ("250000", 36, (12,), "light_touch", date(2026, 11, 2), REGULATED),
    ),
    (
        "youth",
        "Youth diversion sessions",
        ProjectStage.DO,
        ("20000", 24, (), "goods_services", date(2026, 9, 1), "Three written quotes"),
    ),
    (
        "idva",
        "Independent domestic violence advisers",
        ProjectStage.REVIEW,
        ("45000", 24, (12,), "light_touch", date(2025, 6, 2), "Competitive tender"),
    ),
]
ORDER = [s.value for s in ProjectStage]


def _understand(title: str, complete: bool) -> services.UnderstandDetails:
    return services.UnderstandDetails(
        title=title,
        need_statement="Victims told the 2026 needs assessment they waited too long for help.",
        evidence_notes="Needs assessment 2026; provider forum notes, March 2026."
        if complete
        else "",
        co_dependencies="Relies on the Victim and Witness Hub and police referrals."
        if complete
        else "",
    )


def _plan(plan, stream) -> services.PlanDetails:
    annual, initial, options, category, starts, route = plan
    value = Decimal(annual)
    return services.PlanDetails(
        service_description="A countywide service for victims, co-designed with service users.",
        scope="countywide",
        partners="NHS Cambridgeshire and Peterborough ICB",
        estimated_annual_value=value,
        vat_rate=Decimal("0"),
        initial_months=initial,
        option_months=options,
        category=category,
        procurement_start_date=starts,
        chosen_route=route,
        shares=(ShareInput(amount=value, stream=stream),),
        measures=_MEASURES[:2],
    )


def _reached(project: CommissioningProject, stage: str) -> bool:
    return ORDER.index(project.stage) >= ORDER.index(stage)


def seed(*, users: dict) -> list[CommissioningProject]:
    officer = users["officer"]
    stream = FundingStream.objects.get(short_name="MoJ Victims")
    made = []
    for key, title, target, plan in PROJECTS:
        request_key = uuid.uuid5(_NAMESPACE, key)
        project = CommissioningProject.objects.filter(request_key=request_key).first()
        if project is None:
            complete = target != ProjectStage.UNDERSTAND
            project = services.start_project(
                details=_understand(title, complete), officer=officer, request_key=request_key
            )
        if target != ProjectStage.UNDERSTAND and project.stage == ProjectStage.UNDERSTAND:
            project = services.move_project_on(project=project, actor=officer)
        if plan and project.stage == ProjectStage.PLAN:
            project = services.update_plan(
                project=project, details=_plan(plan, stream), actor=officer, version=None
            )
            project = services.move_project_on(project=project, actor=officer)
        if key == "hub":
            _part_done_notices(project, officer)
        if target == ProjectStage.REVIEW and project.stage == ProjectStage.DO:
            Contract.objects.filter(reference="CON-2025-001").update(project=project)
            project = services.move_project_on(project=project, actor=officer)
        made.append(project)
    return made


def _part_done_notices(project: CommissioningProject, officer) -> None:
    notices = {n.kind: n for n in project.notices.all()}
    published = {
        NoticeKind.MARKET_ENGAGEMENT: ("FTS-2026-PME-0412", date(2026, 10, 1)),
        NoticeKind.TENDER: ("FTS-2026-TN-0977", date(2026, 11, 2)),
    }
    for kind, (reference, on) in published.items():
        notice = notices.get(kind)
        if notice is not None and not notice.is_published:
            record_notice_published(
                notice=notice, reference=reference, published_on=on, recorded_by=officer
            )
    award = notices.get(NoticeKind.CONTRACT_AWARD)
    if award is not None and award.due_on is None:
        record_notice_due(
            project=project,
            kind=NoticeKind.CONTRACT_AWARD,
            due_on=date(2026, 11, 30),
            actor=officer,
            due_rule="Due when the award was decided (panel moderation, 27 November 2026)",
        )
