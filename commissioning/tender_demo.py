"""Demo tenders through the real services, the lots of a commissioning project in its Do stage: one
published and open for bids (with a clarification `provider` asked and `officer` answered); one in evaluation with `evaluator` on its panel (still to declare);
one awarded with its ranked result and the contract it drafted. Idempotent: keyed by reference,
each step runs from the state before it.

The services take bids only before the submission deadline by the server clock, so a tender that
is past it in the demo takes its bids first and then has its deadlines moved back ("time passes").
A second officer (no login) drafts the tenders so that `officer` can approve them; `officer` is
their lead officer, who alone moderates and awards.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from grants.models import FundingStream
from grants.services import ShareInput

from .models import CommissioningProject, ProjectStage, Tender, TenderState
from .project_services import (
    MeasureInput,
    PlanDetails,
    UnderstandDetails,
    move_project_on,
    start_project,
    update_plan,
)
from .tender_services import (
    TenderDetails,
    add_question,
    answer_clarification,
    approve_tender_for_publication,
    ask_clarification,
    assign_evaluator,
    award_tender,
    close_tender,
    create_tender,
    declare_interests,
    moderate_bid,
    publish_tender,
    record_bid,
    score_bid,
    start_evaluation,
    start_moderation,
)

_NAMESPACE = uuid.UUID("0b7d2a51-55a4-4a34-9d0e-6f1f1d1e7a19")
QUESTIONS = (
    ("How will you reach victims across the whole county, including rural Fenland?", "30"),
    ("How will you work with the Victim and Witness Hub and partner agencies?", "25"),
    ("How will you measure and report outcomes, including Outcomes Star readings?", "15"),
)
# reference, service, envelope, last state, bids: (provider, whole-life price, moderated scores)
TENDERS = [
    ("T-2026-001", "Hub lot 1: independent sexual violence advisers", "360000", TenderState.PUBLISHED, []),
    ("T-2026-002", "Hub lot 2: restorative justice", "240000", TenderState.EVALUATION, [
        ("Restorative Futures CIC", "210000", None),
        ("Youth Horizons Trust", "198000", None),
        ("Mind in Cambridgeshire (demo)", "232000", None),
    ]),
    ("T-2025-003", "Hub lot 3: domestic abuse outreach", "300000", TenderState.AWARDED, [
        ("Peterborough Women's Aid (demo)", "280000", (4, 3, 3)),
        ("Fenland Victim Support Partnership", "250000", (3, 3, 2)),
        ("Cambridge Rape Crisis Centre (demo)", "295000", (2, 2, 1)),
    ]),
]  # fmt: skip


def _colleague() -> User:
    user, created = User.objects.get_or_create(
        username="senior-officer-demo",
        defaults={"first_name": "Sam", "last_name": "Shah", "job_title": "Senior officer"},
    )
    if created:
        user.set_unusable_password()  # drafts the demo tenders; no demo login
        user.save()
        user.add_role(Role.OFFICER)
    return user


def _project(title: str, envelope: Decimal, stream, officer) -> CommissioningProject:
    """The demo's competitively tendered project in Do (project_demo.py's victim and witness hub,
    whose lots these tenders are), or, without it, one of our own."""
    hub = (
        CommissioningProject.objects.filter(stage=ProjectStage.DO, regulated=True)
        .order_by("pk")
        .first()
    )
    if hub is not None:
        return hub
    key = uuid.uuid5(_NAMESPACE, f"project:{title}")
    project = CommissioningProject.objects.filter(request_key=key).first()
    if project is None:
        project = start_project(
            details=UnderstandDetails(
                title=title,
                need_statement=f"The county needs a {title.lower()} that reaches every district.",
                evidence_notes="Victims' needs assessment 2026 and the MoJ monitoring returns.",
                co_dependencies="Works alongside the Victim and Witness Hub.",
            ),
            officer=officer,
            request_key=key,
        )
    if project.stage == ProjectStage.UNDERSTAND:
        project = move_project_on(project=project, actor=officer)
    if project.stage == ProjectStage.PLAN:
        annual = (envelope / 2).quantize(Decimal("0.01"))
        project = update_plan(
            project=project,
            details=PlanDetails(
                service_description=f"A countywide {title.lower()}.",
                scope="countywide",
                estimated_annual_value=annual,
                initial_months=24,
                option_months=(12,),
                category="light_touch",
                procurement_start_date=date(2026, 6, 1),
                chosen_route="Competitive tender",
                shares=(ShareInput(amount=annual, stream=stream),),
                measures=(
                    MeasureInput(metric="Victims supported", unit="people", target=Decimal(300)),
                    MeasureInput(
                        metric="Days to first contact",
                        unit="days",
                        target=Decimal(3),
                        direction="at_most",
                    ),
                ),
            ),
            actor=officer,
            version=None,
        )
        project = move_project_on(project=project, actor=officer)
    return project


def _draft(reference, title, envelope, stream, colleague, officer) -> Tender:
    tender = Tender.objects.filter(reference=reference).first()
    if tender is not None:
        return tender
    now = timezone.now().replace(second=0, microsecond=0)
    tender = create_tender(
        details=TenderDetails(
            project=_project(title, envelope, stream, officer),
            reference=reference,
            title=title,
            stream=stream,
            funding_envelope=envelope,
            quality_weight=Decimal(70),
            price_weight=Decimal(30),
            minimum_quality=Decimal(35),
            clarification_deadline=now + timedelta(days=14),
            submission_deadline=now + timedelta(days=28),
            contract_start=date(2027, 4, 1),
            initial_months=24,
            option_months=(12,),
            description=f"A countywide {title.lower()} for victims of crime.",
        ),
        created_by=colleague,
        lead_officer=officer,
    )
    for text, weight in QUESTIONS:
        add_question(tender=tender, text_=text, weight=Decimal(weight), added_by=colleague)
    approve_tender_for_publication(tender=tender, approved_by=officer)
    return publish_tender(
        tender=tender, publication_reference=f"BLUELIGHT-{reference}", published_by=officer
    )


def _time_passes(tender: Tender) -> Tender:
    past = timezone.now().replace(microsecond=0) - timedelta(days=1)
    Tender.objects.filter(pk=tender.pk).update(
        clarification_deadline=past - timedelta(days=14), submission_deadline=past
    )
    tender.refresh_from_db()
    return tender


def _take_bids(tender, bids, organisations, officer) -> None:
    if tender.bids.exists():
        return
    for provider, price, _ in bids:
        whole = Decimal(price)
        record_bid(
            tender=tender,
            bidder=organisations[provider],
            whole_life_price=whole,
            annual_price=(whole / 2).quantize(Decimal("0.01")),
            answers={q.pk: f"{provider}'s method statement." for q in tender.question_rows()},
            recorded_by=officer,
        )


def _evaluate_and_award(tender, bids, organisations, officer, evaluator) -> None:
    member = tender.panel.get(evaluator=evaluator)
    if member.status == member.Status.ASSIGNED:
        declare_interests(
            member=member, conflicted_bidders=[], details="", confidentiality=True,
            declared_by=evaluator,
        )  # fmt: skip
    questions = tender.question_rows()
    by_org = {b.bidder_id: b for b in tender.bids.all()}
    for provider, _, scores in bids:
        bid = by_org[organisations[provider].pk]
        if tender.state == TenderState.EVALUATION:
            score_bid(
                member=member,
                bid=bid,
                scores={q.pk: (s, "Evidence matched the descriptor.") for q, s in zip(questions, scores, strict=True)},
                scored_by=evaluator,
            )  # fmt: skip
    if tender.state == TenderState.EVALUATION:
        tender = start_moderation(tender=tender, started_by=officer)
        for provider, _, scores in bids:
            moderate_bid(
                bid=by_org[organisations[provider].pk],
                scores={q.pk: (s, "Panel consensus.") for q, s in zip(questions, scores, strict=True)},
                moderated_by=officer,
            )  # fmt: skip
    if tender.state == TenderState.MODERATION:
        from .tender_services import ranked_result

        top = ranked_result(tender)[0]
        award_tender(tender=tender, bid=top.bid, awarded_by=officer)


def _clarify(tender: Tender, provider, officer) -> None:
    """A bidder's question, answered for every bidder (once: keyed by the tender)."""
    if provider is None or tender.state != TenderState.PUBLISHED:
        return
    asked = ask_clarification(
        tender=tender,
        question="Is TUPE expected to apply to staff of the current service?",
        asked_by=provider,
        request_key=uuid.uuid5(_NAMESPACE, f"clarification:{tender.reference}"),
    )
    if not asked.is_answered:
        answer_clarification(
            tender=tender,
            question=asked.question,
            answer="Yes: the current provider's staffing information is in the tender documents.",
            answered_by=officer,
            asked=asked,
        )


def seed(*, users: dict, organisations: dict) -> list[Tender]:
    officer, evaluator = users["officer"], users["evaluator"]
    colleague = _colleague()
    stream = FundingStream.objects.get(short_name="MoJ Victims")
    made = []
    for reference, title, envelope, last, bids in TENDERS:
        tender = _draft(reference, title, Decimal(envelope), stream, colleague, officer)
        if last != TenderState.PUBLISHED and tender.state == TenderState.PUBLISHED:
            _take_bids(tender, bids, organisations, officer)
            tender = _time_passes(tender)
            close_tender(tender=tender, closed_by=officer)
            tender = start_evaluation(tender=tender, started_by=officer)
            assign_evaluator(
                tender=tender, evaluator=evaluator, organisation="Cambridgeshire County Council",
                assigned_by=officer,
            )  # fmt: skip
        if last == TenderState.PUBLISHED:
            _clarify(tender, users.get("provider"), officer)
        if last == TenderState.AWARDED:
            _evaluate_and_award(tender, bids, organisations, officer, evaluator)
        made.append(Tender.objects.get(pk=tender.pk))
    return made
