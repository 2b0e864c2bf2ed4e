"""Demo Single Tender Actions: waiting for finance, for the Chief Executive (with finance) and for
the Commissioner (a decision notice), one returned for changes, one approved, one rejected and a
draft; then the demo contracts (contract_demo.py) and commissioning projects (project_demo.py). Idempotent: each STA has a fixed form key, and each step runs only from the state before it.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from approvals.engine.models import ApprovalState
from approvals.engine.services import decide_approval_request
from grants.models import FundingStream
from grants.services import ShareInput

from .contract_demo import seed as seed_contracts
from .contract_from_sta import act_on_approved_sta
from .models import DirectAwardGround, GroundRegime, SingleTenderAction, StaState
from .project_demo import seed as seed_projects
from .services import StaDetails, draft_sta, submit_sta
from .tender_demo import seed as seed_tenders

_NAMESPACE = uuid.UUID("0b7c6a52-41f4-4a0e-9d63-2f0c3e4f8a21")
PROCUREMENT_START = date(2026, 10, 1)

# key, supplier, service, value, (decider username, outcome, comment) steps after submission
STAS = [
    (
        "interpreting",
        "Fenland Victim Support Partnership",
        "Telephone interpreting for victims",
        "120000",
        "submit",
        [],
    ),
    (
        "case-system",
        "Restorative Futures CIC",
        "Restorative justice case system licences",
        "250000",
        "submit",
        [],
    ),
    (
        "hub-extension",
        "Mind in Cambridgeshire (demo)",
        "Victim and Witness Hub mental health support: extension",
        "600000",
        "submit",
        [],
    ),
    (
        "isva-cover",
        "Cambridge Rape Crisis Centre (demo)",
        "Independent sexual violence advisers: holiday cover",
        "45000",
        "submit",
        [
            (
                "finance",
                "returned",
                "Attach the two quotes you asked for and say why they were refused.",
            )
        ],
    ),
    (
        "training",
        "Safer Roads Training Ltd",
        "Speed awareness trainer accreditation",
        "80000",
        "submit",
        [("finance", "approved", "")],
    ),
    (
        "catering",
        "St Neots Youth Club",
        "Catering for the youth forum",
        "30000",
        "submit",
        [("finance", "rejected", "Catering is available under the Constabulary's framework.")],
    ),
    (
        "helpline",
        "Peterborough Women's Aid (demo)",
        "Out-of-hours helpline cover",
        "58000",
        "draft",
        [],
    ),
]


def _ground(value: Decimal) -> DirectAwardGround:
    regime = GroundRegime.SCHEDULE_5 if value >= Decimal("207720") else GroundRegime.BELOW_THRESHOLD
    return DirectAwardGround.objects.filter(regime=regime).order_by("order").first()


def _details(supplier, service: str, value: Decimal, stream) -> StaDetails:
    above = value >= Decimal("207720")
    return StaDetails(
        supplier=supplier,
        service=service,
        whole_life_value=value,
        start_date=date(2027, 4, 1),
        end_date=date(2029, 3, 31),
        procurement_start_date=PROCUREMENT_START,
        case=(
            f"{supplier} already delivers this service and holds the only accredited staff and "
            "systems; a competition would interrupt support to victims."
        ),
        ground=_ground(value),
        justification="Market engagement in October 2026 found no other supplier able to start.",
        options_description="One optional extension year is included in the value",
        transparency_notice_reference=f"FTS-2026-{int(value):07d}" if above else "",
        transparency_notice_published_on=date(2026, 11, 16) if above else None,
        shares=(ShareInput(amount=value, stream=stream),),
    )


def seed(*, users: dict, organisations: dict) -> list[SingleTenderAction]:
    officer = users["officer"]
    stream = FundingStream.objects.get(short_name="MoJ Victims")
    made = []
    for key, supplier, service, value, last, steps in STAS:
        request_key = uuid.uuid5(_NAMESPACE, key)
        sta = SingleTenderAction.objects.filter(request_key=request_key).first()
        if sta is None:
            details = _details(organisations[supplier], service, Decimal(value), stream)
            sta = draft_sta(details=details, created_by=officer, request_key=request_key)
        if last == "submit" and sta.state == StaState.DRAFT:
            sta = submit_sta(sta=sta, submitted_by=officer)
        for username, outcome, comment in steps:
            if sta.approval_request and sta.approval_request.state == ApprovalState.PENDING:
                decide_approval_request(
                    request=sta.approval_request,
                    decided_by=users[username],
                    outcome=outcome,
                    comment=comment,
                )
                sta.refresh_from_db()
        if sta.approval_request_id:  # what the worker does after an approval, done here at once
            act_on_approved_sta(request_id=sta.approval_request_id)
        made.append(sta)
    seed_contracts(users=users, organisations=organisations)
    seed_projects(users=users)  # after the contracts: one project reaches Review through one
    seed_tenders(users=users, organisations=organisations)
    return made
