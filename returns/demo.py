"""Demo outcome returns for `provider` and `provider2`: two active grants and one let contract each
(with outcome measures), with returns accepted (after a change was asked for), changes requested,
submitted, in draft and overdue, and not started (due soon or later), with Outcomes Star readings
and a PDF attached. Idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile

from grants import services as grant_services
from grants.demo import _walk_to
from grants.models import FundingStream, Grant, GrantState, PlanTheme
from grants.services import GrantDetails, ShareInput

from . import services
from .models import OutcomeReturn, ReturnState, StarVersion

DEMO_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# provider username -> [(title, start, end)]
GRANTS = {
    "provider": [
        ("Victim support volunteers (returns demo)", date(2025, 4, 1), date(2027, 3, 31)),
        ("Restorative conversations (returns demo)", date(2025, 10, 1), date(2027, 3, 31)),
    ],
    "provider2": [
        ("Refuge outreach workers (returns demo)", date(2025, 4, 1), date(2027, 3, 31)),
        ("Children's domestic abuse groups (returns demo)", date(2025, 10, 1), date(2027, 3, 31)),
    ],
}
# provider username -> (contract key, reference, service, start, months), let through the services.
CONTRACTS = {
    "provider": ("returns-demo-1", "CON-RET-001", "Ashford ISVA service (returns demo)"),
    "provider2": ("returns-demo-2", "CON-RET-002", "Refuge floating support (returns demo)"),
}
CONTRACT_MEASURES = (
    ("Survivors supported", "people", "60", "at_least"),
    ("Days from referral to first contact", "days", "5", "at_most"),
)
# A contract's returns: accepted after changes, submitted, then a draft past its due date.
CONTRACT_PLAN = ["accepted_after_changes", "submitted", "draft"]
# What happens to each period's return, in order (the rest stay not started).
PLANS = [
    ["accepted_after_changes", "changes_requested", "draft"],
    ["submitted"],
]


def seed(*, users: dict, organisations: dict) -> None:
    officer, commissioner = users["officer"], users["commissioner"]
    stream = FundingStream.objects.get(short_name="Crime and Disorder")
    theme = PlanTheme.objects.get(name="Victims")
    for username, grants in GRANTS.items():
        provider = users[username]
        org = provider.provider_membership.organisation
        for (title, start, end), plan in zip(grants, PLANS, strict=True):
            if Grant.objects.filter(title=title).exists():
                continue
            total = Decimal("12000.00")
            grant = grant_services.create_grant(
                details=GrantDetails(
                    title=title,
                    recipient=org,
                    purpose=f"{title}: demo data for outcome returns.",
                    start_date=start,
                    end_date=end,
                    total=total,
                    shares=(ShareInput(amount=total, stream=stream),),
                    themes=(theme,),
                    conditions=("Complete the six-monthly outcome return",),
                    activities=(("Sessions delivered", 40), ("People supported", 120)),
                ),
                created_by=officer,
            )
            _walk_to(grant, GrantState.ACTIVE, officer=officer, commissioner=commissioner)
            returns = services.generate_schedule(grant=grant, actor=officer)
            for r, step in zip(returns, plan, strict=False):
                _play(r, step, provider=provider, officer=officer)
        _contract(username, org, users=users)


def _contract(username: str, org, *, users: dict) -> None:
    """One contract for the provider, let through the commissioning services (its schedule is
    made by the activation event's subscriber; generate_schedule again is a no-op)."""
    from commissioning.contract_demo import _let, _make
    from commissioning.models import ContractState

    officer = users["officer"]
    key, reference, title = CONTRACTS[username]
    stream = FundingStream.objects.get(short_name="MoJ Victims")
    contract = _make(
        key, reference, org, title, date(2025, 4, 1), 24, (12,), "24000", stream, officer
    )
    if contract.state != ContractState.DRAFT:
        return
    for metric, unit, target, direction in CONTRACT_MEASURES:
        contract.measures.get_or_create(
            metric=metric, defaults={"unit": unit, "target": target, "direction": direction}
        )
    contract = _let(contract, officer, users["finance"])
    returns = services.generate_schedule(contract=contract, actor=officer)
    for r, step in zip(returns, CONTRACT_PLAN, strict=False):
        _play(r, step, provider=users[username], officer=officer)


def _fill(r: OutcomeReturn, provider, value: str) -> OutcomeReturn:
    r = OutcomeReturn.objects.get(pk=r.pk)
    star = StarVersion.objects.filter(active=True).first()
    areas = list(star.areas.all()[:3]) if star else []
    content = services.DraftContent(
        activity="Weekly drop-in sessions in Wisbech and March, and home visits.",
        impact="People told us they felt safer and more in control. Case study: A., 34, …",
        outputs={o.pk: value for o in r.outputs.all()},
        star_version_id=star.pk if star else None,
        star_readings={
            a.pk: services.StarInput("18", f"{3 + i}.2", f"{5 + i}.8") for i, a in enumerate(areas)
        },
    )
    r = services.save_draft(
        outcome_return=r, content=content, version=r.version, edited_by=provider
    )
    services.attach_evidence(
        outcome_return=r,
        file=ContentFile(DEMO_PDF, name="Case study.pdf"),
        uploaded_by=provider,
    )
    return r


def _submit(r: OutcomeReturn, provider) -> OutcomeReturn:
    r = OutcomeReturn.objects.get(pk=r.pk)
    return services.submit_return(
        outcome_return=r, version=r.version, submitted_by=provider, confirmed=True
    )


def _play(r: OutcomeReturn, step: str, *, provider, officer) -> None:
    r = _fill(r, provider, "30")
    if step == "draft":
        return
    r = _submit(r, provider)
    if step == "submitted":
        return
    r = services.request_changes(
        outcome_return=r, reviewed_by=officer, comment="Please add the number of people supported."
    )
    if step == ReturnState.CHANGES_REQUESTED:
        return
    _fill(r, provider, "42")
    r = _submit(r, provider)
    services.accept_return(outcome_return=r, reviewed_by=officer, comment="Thank you.")
