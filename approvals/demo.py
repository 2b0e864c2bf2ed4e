"""Demo decision notices: two signed (community resilience, Youth Fund) and one draft. Idempotent.

These notices are linked to no grant; the grants app's demo drafts and signs its own.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from .models import DecisionNotice, DecisionNoticeState
from .services import draft_decision_notice, sign_decision_notice

# A fixed namespace, so each demo notice has the same form key every run (the idempotency handle).
_DEMO_NAMESPACE = uuid.UUID("5d6a1f0e-9a51-4c53-a1c2-7f3f1f6c0d11")

COUNTY_COUNCIL = "Cambridgeshire County Council"
COMMUNITY_FOUNDATION = "Cambridgeshire Community Foundation (demo)"
VICTIM_SUPPORT = "Fenland Victim Support Partnership"


def _notices(organisations: dict) -> list[dict]:
    def name(key: str) -> str:
        org = organisations.get(key)
        return org.name if org is not None else key

    council, foundation, victims = (
        name(COUNTY_COUNCIL),
        name(COMMUNITY_FOUNDATION),
        name(VICTIM_SUPPORT),
    )
    return [
        {
            "key": "community-resilience-grant",
            "sign": True,
            "title": f"Community resilience grant to {council}",
            "decision_text": (
                f"The Commissioner approves the release of the agreed grant of £90,000 to "
                f"{council} to deliver a partnership work programme to promote community "
                "resilience (Think Communities) in 2026/27."
            ),
            "reasons": (
                "The Communities theme of the Police and Crime Plan seeks a system-wide approach "
                "to community safety through collaborative working, joining up service provision "
                "to listen and respond to day-to-day community safety issues.\n\n"
                f"A grant agreement with {council} puts in place the county's community "
                "resilience strategy. Officers from the seven councils and the Constabulary have "
                "developed a shared approach, Think Communities, which strengthens partnership "
                "working and the local authorities' commitment to the Plan.\n\n"
                "The Business Coordination Board noted the Communities update and recommended "
                "that the Commissioner sign this decision notice to release the agreed grant."
            ),
            "amount": Decimal("90000.00"),
            "funding_summary": "Crime and Disorder Reduction Grants £90,000 for 2026/27",
        },
        {
            "key": "youth-fund-2026-27",
            "sign": True,
            "title": f"Youth Fund 2026/27 small grants through {foundation}",
            "decision_text": (
                f"The Commissioner approves the release of £40,000 from the Youth Fund to "
                f"{foundation} to administer small grants of no more than £2,000 each to "
                "community projects that engage young people."
            ),
            "reasons": (
                "The Youth Fund comes from Police Property Act monies. Applications go through "
                f"{foundation}, which assesses them against the fund's criteria and reports on "
                "each award.\n\n"
                "£30,000 of the fund is match-funded by a national fund of £30,000, making "
                "£70,000 available to young people's projects across the county."
            ),
            "amount": Decimal("40000.00"),
            "funding_summary": "Youth Fund £40,000 for 2026/27 (with £30,000 national match funding)",
        },
        {
            "key": "victim-hub-outreach-draft",
            "sign": False,
            "title": f"Victim and Witness Hub outreach worker with {victims}",
            "decision_text": (
                f"The Commissioner approves a grant of £35,000 to {victims} for an outreach "
                "worker linked to the Victim and Witness Hub in Fenland for 2026/27."
            ),
            "reasons": (
                "The victims' needs assessment shows lower take-up of support in Fenland. An "
                "outreach worker based with a local provider will take referrals from the Hub "
                "and offer face-to-face support."
            ),
            "amount": Decimal("35000.00"),
            "funding_summary": "Ministry of Justice Victims' Services Grant £35,000 for 2026/27",
        },
    ]


def seed(*, users: dict, organisations: dict) -> list[DecisionNotice]:
    """Create the demo notices once; a second run finds them by their fixed keys."""
    officer, commissioner = users["officer"], users["commissioner"]
    notices = []
    for spec in _notices(organisations):
        notice = draft_decision_notice(
            title=spec["title"],
            decision_text=spec["decision_text"],
            reasons=spec["reasons"],
            amount=spec["amount"],
            funding_summary=spec["funding_summary"],
            drafted_by=officer,
            request_key=uuid.uuid5(_DEMO_NAMESPACE, spec["key"]),
        )
        if spec["sign"] and notice.state == DecisionNoticeState.DRAFT:
            notice = sign_decision_notice(notice=notice, signed_by=commissioner)
        notices.append(notice)
    return notices
