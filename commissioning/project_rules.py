"""What each commissioning-project stage must hold before the project moves on, as a pure rule:
`missing_for(facts, stage)` lists, in the officer's words, everything still missing (empty when the
move may go ahead). Source: Commissioning and Grants Strategy 2016-20, "Understand → Plan → Do →
Review", and issue 18.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from . import contract_terms

NEED = "Write the need statement"
EVIDENCE = "Add the evidence base: needs-assessment notes or a document"
CO_DEPENDENCIES = "Say which other services it relies on or feeds (or that there are none)"
SERVICE = "Describe the service"
SCOPE = "Say whether it is countywide, a pilot or local"
SCOPE_REASON = "Give the reason it is a pilot or local rather than countywide"
SHARES = "Say who pays for it (funding shares)"
MEASURES = "Add at least one outcome measure"
VALUE = "Enter the estimated annual value"
TERM = "Enter the intended term (initial months and any extension options)"
CATEGORY = "Choose the procurement category"
START = "Enter the procurement start date"
ROUTE = "Choose the procurement route"
PROCUREMENT = "Let a contract from the procurement or an approved single tender action"


@dataclass(frozen=True)
class ProjectFacts:
    need_statement: str = ""
    evidence_notes: str = ""
    evidence_documents: int = 0
    co_dependencies: str = ""
    service_description: str = ""
    scope: str = ""
    scope_reason: str = ""
    shares: int = 0
    measures: int = 0
    estimated_annual_value: Decimal | None = None
    initial_months: int | None = None
    option_months: tuple[int, ...] = field(default_factory=tuple)
    category: str = ""
    procurement_start_date: date | None = None
    chosen_route: str = ""
    route_refusal: str = ""
    sta_approved: bool = False
    contracts: int = 0


def _blank(text: str) -> bool:
    return not (text or "").strip()


def _understand(facts: ProjectFacts) -> list[str]:
    missing = []
    if _blank(facts.need_statement):
        missing.append(NEED)
    if _blank(facts.evidence_notes) and not facts.evidence_documents:
        missing.append(EVIDENCE)
    if _blank(facts.co_dependencies):
        missing.append(CO_DEPENDENCIES)
    return missing


def _plan(facts: ProjectFacts) -> list[str]:
    missing = []
    if _blank(facts.service_description):
        missing.append(SERVICE)
    if not facts.scope:
        missing.append(SCOPE)
    elif facts.scope != "countywide" and _blank(facts.scope_reason):
        missing.append(SCOPE_REASON)
    if not facts.shares:
        missing.append(SHARES)
    if not facts.measures:
        missing.append(MEASURES)
    if not facts.estimated_annual_value:
        missing.append(VALUE)
    if not facts.initial_months:
        missing.append(TERM)
    else:
        missing.extend(contract_terms.term_errors(facts.initial_months, facts.option_months))
    if not facts.category:
        missing.append(CATEGORY)
    if not facts.procurement_start_date:
        missing.append(START)
    if not facts.chosen_route:
        missing.append(ROUTE)
    elif facts.route_refusal:
        missing.append(facts.route_refusal)
    return missing


def _do(facts: ProjectFacts) -> list[str]:
    return [] if facts.contracts else [PROCUREMENT]


_CHECKS = {"understand": _understand, "plan": _plan, "do": _do}


def missing_for(facts: ProjectFacts, stage: str) -> list[str]:
    """Everything the project still lacks to leave `stage` (nothing to check in Review)."""
    check = _CHECKS.get(str(stage))
    return check(facts) if check else []
