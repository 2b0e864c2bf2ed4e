"""Demo funding data: budgets for 2025/26 and 2026/27, a dozen grants in every state, a co-funded award.

Idempotent: grants are keyed by title, budgets by stream and year, so running twice changes nothing.
"""

from datetime import date
from decimal import Decimal

from approvals.models import DecisionNotice
from approvals.services import sign_decision_notice

from . import services
from .demo_payments import seed_payments
from .models import FundingStream, Grant, GrantState, IncomeLine, PlanTheme, StreamBudget
from .services import GrantDetails, ShareInput

D = Decimal

# short name -> {year: [(description, source, amount, match funding)]}
BUDGETS = {
    "MoJ Victims": [("Victims' services grant", "Ministry of Justice", "1050000.00", False)],
    "Crime and Disorder": [
        ("Set aside from the police grant", "Police main grant", "450000.00", False)
    ],
    "Youth Fund": [
        ("Police Property Act monies", "Police Property Act", "40000.00", False),
        (
            "National youth volunteering match fund (matches £30,000 of ours)",
            "National fund",
            "30000.00",
            True,
        ),
    ],
    "Casualty Reduction": [
        ("Driver offender course surplus", "Course cost recovery", "150000.00", False)
    ],
}

# title, recipient, stream short name, amount, start, end, themes, target state
GRANTS = [
    (
        "Independent sexual violence advisers",
        "Cambridge Rape Crisis Centre (demo)",
        "MoJ Victims",
        "185000.00",
        date(2025, 4, 1),
        date(2026, 3, 31),
        ["Victims"],
        GrantState.ACTIVE,
    ),
    (
        "Domestic abuse outreach in Fenland",
        "Peterborough Women's Aid (demo)",
        "MoJ Victims",
        "96000.00",
        date(2025, 7, 1),
        date(2026, 6, 30),
        ["Victims"],
        GrantState.APPROVED,
    ),
    (
        "Think Communities resilience programme",
        "Cambridgeshire County Council",
        "Crime and Disorder",
        "120000.00",
        date(2025, 4, 1),
        date(2026, 3, 31),
        ["Communities"],
        GrantState.ACTIVE,
    ),
    (
        "Restorative justice practitioner",
        "Restorative Futures CIC",
        "Crime and Disorder",
        "42000.00",
        date(2026, 4, 1),
        date(2027, 3, 31),
        ["Offenders", "Victims"],
        GrantState.AWAITING_DECISION,
    ),
    (
        "St Neots youth football evenings",
        "St Neots Youth Club",
        "Youth Fund",
        "1850.00",
        date(2025, 9, 1),
        date(2026, 3, 31),
        ["Communities"],
        GrantState.CLOSED,
    ),
    (
        "Wisbech young volunteers",
        "Wisbech Neighbourhood Watch Association",
        "Youth Fund",
        "2000.00",
        date(2025, 10, 1),
        date(2026, 9, 30),
        ["Communities"],
        GrantState.ACTIVE,
    ),
    (
        "Young drivers' awareness days",
        "Safer Roads Training Ltd",
        "Casualty Reduction",
        "18500.00",
        date(2025, 5, 1),
        date(2026, 4, 30),
        ["Transformation"],
        GrantState.REJECTED,
    ),
    (
        "Peer mentors for young people leaving custody",
        "Youth Horizons Trust",
        "Crime and Disorder",
        "24000.00",
        date(2026, 4, 1),
        date(2027, 3, 31),
        ["Offenders"],
        GrantState.DRAFT,
    ),
    (
        "Neighbourhood watch digital alerts",
        "Wisbech Neighbourhood Watch Association",
        "Crime and Disorder",
        "6500.00",
        date(2025, 6, 1),
        date(2026, 5, 31),
        ["Communities"],
        GrantState.WITHDRAWN,
    ),
    (
        "Victim and Witness Hub volunteers",
        "Fenland Victim Support Partnership",
        "MoJ Victims",
        "58000.00",
        date(2026, 4, 1),
        date(2027, 3, 31),
        ["Victims"],
        GrantState.DRAFT,
    ),
    (
        "Fenland anti-social behaviour mediation",
        "Fenland Victim Support Partnership",
        "Crime and Disorder",
        "15000.00",
        date(2025, 4, 1),
        date(2026, 3, 31),
        ["Communities", "Victims"],
        GrantState.CLOSED,
    ),
]

COFUNDED_TITLE = "Mental health crisis support for victims (co-commissioned)"
# A draft beyond its stream's budget, whose officer has asked finance for a budget override.
OVER_BUDGET = (
    "Night-time economy street triage",
    "Youth Horizons Trust",
    "Crime and Disorder",
    "460000.00",
    date(2025, 4, 1),
    date(2026, 3, 31),
    ["Communities"],
    GrantState.DRAFT,
)


def seed(*, users: dict, organisations: dict) -> None:
    officer, commissioner = users["officer"], users["commissioner"]
    streams = {s.short_name: s for s in FundingStream.objects.all()}
    foundation = organisations.get("Cambridgeshire Community Foundation (demo)")
    youth = streams["Youth Fund"]
    if foundation and youth.intermediary_id is None:
        youth.intermediary = foundation
        youth.save(update_fields=["intermediary"])
    for short_name, lines in BUDGETS.items():
        for year in (2025, 2026):
            budget, created = StreamBudget.objects.get_or_create(
                stream=streams[short_name], financial_year=year
            )
            if created:
                IncomeLine.objects.bulk_create(
                    IncomeLine(
                        budget=budget, description=d, source=s, amount=D(a), is_match_funding=m
                    )
                    for d, s, a, m in lines
                )
    themes = {t.name: t for t in PlanTheme.objects.all()}
    for title, recipient, stream, amount, start, end, theme_names, state in [*GRANTS, OVER_BUDGET]:
        if Grant.objects.filter(title=title).exists():
            continue
        details = GrantDetails(
            title=title,
            recipient=organisations[recipient],
            purpose=f"{title}: delivered by {recipient} across the county.",
            start_date=start,
            end_date=end,
            total=D(amount),
            shares=(ShareInput(amount=D(amount), stream=streams[stream]),),
            themes=tuple(themes[n] for n in theme_names),
            conditions=(
                "Complete the six-monthly outcome return",
                "Acknowledge the Commissioner's funding",
            ),
            activities=(("Sessions delivered", 40), ("People supported", 120)),
        )
        grant = services.create_grant(details=details, created_by=officer)
        _walk_to(grant, state, officer=officer, commissioner=commissioner)
    if not Grant.objects.filter(title=COFUNDED_TITLE).exists():
        details = GrantDetails(
            title=COFUNDED_TITLE,
            recipient=organisations["Mind in Cambridgeshire (demo)"],
            purpose="Crisis support for victims with mental health needs, co-commissioned with "
            "health and the county council (50% NHS / 25% / 25%).",
            start_date=date(2025, 10, 1),
            end_date=date(2026, 9, 30),
            total=D("80000.00"),
            shares=(
                ShareInput(
                    amount=D("40000.00"), partner=organisations["Cambridgeshire County Council"]
                ),
                ShareInput(
                    amount=D("20000.00"), partner=organisations["Peterborough City Council"]
                ),
                ShareInput(amount=D("20000.00"), stream=streams["MoJ Victims"]),
            ),
            themes=(themes["Victims"], themes["Transformation"]),
            conditions=("Joint quarterly meetings with all funders",),
            activities=(("Crisis referrals accepted", 150),),
        )
        grant = services.create_grant(details=details, created_by=officer)
        _walk_to(grant, GrantState.ACTIVE, officer=officer, commissioner=commissioner)
    _pause_under_review(streams["Casualty Reduction"], users["admin"])
    _ask_for_an_override(officer)
    seed_payments(users=users, titles=[row[0] for row in GRANTS])


def _ask_for_an_override(officer) -> None:
    """The over-budget draft's override request, waiting in the finance queue (once)."""
    grant = Grant.objects.filter(title=OVER_BUDGET[0], state=GrantState.DRAFT).first()
    if grant is None or grant.award.budget_overrides.exists():
        return
    streams = {str(c.stream): c.stream for c in grant.award.commitments.select_related("stream")}
    for gap in services.budget_shortfalls(award=grant.award):
        services.request_budget_override(
            grant=grant,
            stream=streams[gap.stream],
            year=gap.year,
            amount=gap.shortfall,
            reason="The night-time economy levy refunds this part from next year",
            requested_by=officer,
        )


def _pause_under_review(stream: FundingStream, actor) -> None:
    """The Casualty Reduction and Support Fund is "currently under review" in the source."""
    from auditlog.models import LogEntry

    paused_before = (
        LogEntry.objects.get_for_object(stream)
        .filter(additional_data__event="stream_paused")
        .exists()
    )
    if stream.is_active and not paused_before:  # once only: an administrator may resume it
        services.change_stream_status(
            stream=stream,
            action="pause",
            actor=actor,
            reason="Paused while the fund's criteria are reviewed.",
        )


def _walk_to(grant: Grant, state: str, *, officer, commissioner) -> None:
    """Take a new draft grant through its real transitions to `state`."""
    if state == GrantState.DRAFT:
        return
    if state == GrantState.WITHDRAWN:
        services.change_grant_state(
            grant=grant,
            action="withdraw",
            actor=officer,
            reason="The organisation found other funding for the project.",
        )
        return
    services.draft_decision_notice_for_grant(grant=grant, drafted_by=officer)
    grant.refresh_from_db()
    services.submit_grant_for_decision(grant=grant, submitted_by=officer)
    if state == GrantState.AWAITING_DECISION:
        return
    if state == GrantState.REJECTED:
        services.change_grant_state(
            grant=grant,
            action="reject",
            actor=commissioner,
            reason="The project duplicates a service already funded in the area.",
        )
        return
    notice = DecisionNotice.objects.get(pk=grant.decision_notice_id)
    sign_decision_notice(notice=notice, signed_by=commissioner)
    if state == GrantState.APPROVED:
        return
    services.change_grant_state(grant=grant, action="activate", actor=officer)
    if state == GrantState.CLOSED:
        services.change_grant_state(
            grant=grant, action="close", actor=officer, reason="Delivery and reporting complete."
        )
