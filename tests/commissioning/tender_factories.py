"""Building tenders through the real services along their lifecycle: draft → published → bids →
evaluation (a declared panel) → scored → moderation → moderated. "Time passes" past the submission
deadline by moving the deadline back (the services read the server clock)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from commissioning.models import Tender
from commissioning.tender_services import (
    TenderDetails,
    add_question,
    approve_tender_for_publication,
    assign_evaluator,
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
from tests.commissioning.contract_factories import funded_stream
from tests.commissioning.project_factories import project_in_do
from tests.factories import OrganisationFactory

_NUMBERS = itertools.count(1)
QUESTIONS = (("How will you support victims of domestic abuse?", "40"), ("Partnerships", "30"))


def draft_tender(
    officer, *, reference="T-0001", questions=QUESTIONS, lead_officer=None, **overrides
) -> Tender:
    now = timezone.now()
    stream = overrides.pop("stream", None) or funded_stream()
    project = overrides.pop("project", None) or project_in_do(officer, stream=stream)
    fields = {
        "project": project,
        "reference": reference,
        "title": "Victim and witness hub",
        "stream": stream,
        "funding_envelope": Decimal("300000"),
        "quality_weight": Decimal(70),
        "price_weight": Decimal(30),
        "clarification_deadline": now + timedelta(days=7),
        "submission_deadline": now + timedelta(days=14),
        "contract_start": date(2026, 4, 1),
        "initial_months": 24,
        "option_months": (12,),
    }
    fields.update(overrides)
    tender = create_tender(
        details=TenderDetails(**fields), created_by=officer, lead_officer=lead_officer
    )
    for text, weight in questions:
        add_question(tender=tender, text_=text, weight=Decimal(weight), added_by=officer)
    return tender


def published_tender(officer, approver, **kwargs) -> Tender:
    """`approver` drafts it; `officer` approves and publishes it and, as its lead officer,
    moderates and awards it."""
    kwargs.setdefault("lead_officer", officer)
    tender = draft_tender(approver, **kwargs)
    approve_tender_for_publication(tender=tender, approved_by=officer)
    return publish_tender(
        tender=tender, publication_reference="BLUELIGHT-123", published_by=officer
    )


def pass_deadline(tender: Tender) -> Tender:
    past = timezone.now() - timedelta(seconds=1)
    Tender.objects.filter(pk=tender.pk).update(
        clarification_deadline=past - timedelta(days=1), submission_deadline=past
    )
    tender.refresh_from_db()
    return tender


def bid(tender: Tender, officer, *, price="200000", bidder=None, name=None):
    annual = (Decimal(price) / Decimal(tender.initial_months) * 12).quantize(Decimal("0.01"))
    return record_bid(
        tender=tender,
        bidder=bidder or OrganisationFactory(name=name or f"Bidder {next(_NUMBERS)}"),
        whole_life_price=Decimal(price),
        annual_price=annual,
        answers={q.pk: "Our method" for q in tender.question_rows()},
        recorded_by=officer,
    )


def in_evaluation(tender: Tender, officer, evaluators=(), organisation="Constabulary") -> Tender:
    tender = pass_deadline(tender)
    close_tender(tender=tender, closed_by=officer)
    tender = start_evaluation(tender=tender, started_by=officer)
    for evaluator in evaluators:
        member = assign_evaluator(
            tender=tender, evaluator=evaluator, organisation=organisation, assigned_by=officer
        )
        declare_interests(
            member=member,
            conflicted_bidders=[],
            details="",
            confidentiality=True,
            declared_by=evaluator,
        )
    return tender


def score_all(tender: Tender, evaluator, score: int = 3) -> None:
    member = tender.panel.get(evaluator=evaluator)
    for b in tender.bids.all():
        score_bid(
            member=member,
            bid=b,
            scores={q.pk: (score, "Clear evidence") for q in tender.question_rows()},
            scored_by=evaluator,
        )


def moderate_all(tender: Tender, officer, scores: dict) -> Tender:
    """`scores`: {bid: [score per question]}."""
    tender = start_moderation(tender=tender, started_by=officer)
    for b, values in scores.items():
        moderate_bid(
            bid=b,
            scores={
                q.pk: (v, "Consensus of the panel")
                for q, v in zip(tender.question_rows(), values, strict=True)
            },
            moderated_by=officer,
        )
    tender.refresh_from_db()
    return tender
