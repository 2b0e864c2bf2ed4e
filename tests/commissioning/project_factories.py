"""Building commissioning projects through the real services, stage by stage: Understand →
Plan → Do (→ Review once a contract is linked)."""

from datetime import date
from decimal import Decimal

from commissioning.project_services import (
    MeasureInput,
    PlanDetails,
    UnderstandDetails,
    move_project_on,
    start_project,
    update_plan,
)
from commissioning.route_advisor import REGULATED
from grants.services import ShareInput
from tests.grants.factories import FundingStreamFactory


def understand(**overrides) -> UnderstandDetails:
    fields = {
        "title": "Independent domestic violence advisers",
        "need_statement": "Victims of domestic abuse wait too long for an adviser.",
        "evidence_notes": "Needs assessment 2026: 1,200 high-risk referrals a year.",
        "co_dependencies": "Relies on the Victim and Witness Hub; feeds the MARAC.",
    }
    fields.update(overrides)
    return UnderstandDetails(**fields)


def plan(*, annual: str = "120000", stream=None, **overrides) -> PlanDetails:
    value = Decimal(annual)
    fields = {
        "service_description": "Advisers for high-risk victims across the county.",
        "scope": "countywide",
        "estimated_annual_value": value,
        "initial_months": 36,
        "option_months": (12,),
        "category": "light_touch",
        "procurement_start_date": date(2026, 6, 1),
        "chosen_route": "Competitive tender",
        "shares": (
            ShareInput(amount=value, stream=stream or FundingStreamFactory(name="Victims")),
        ),
        "measures": (
            MeasureInput(metric="Victims supported", unit="people", target=Decimal("400")),
            MeasureInput(
                metric="Days to first contact",
                unit="days",
                target=Decimal("2"),
                direction="at_most",
            ),
        ),
    }
    fields.update(overrides)
    return PlanDetails(**fields)


def project_in_understand(officer, **overrides):
    return start_project(details=understand(**overrides), officer=officer)


def project_in_plan(officer, **overrides):
    return move_project_on(project=project_in_understand(officer, **overrides), actor=officer)


def project_in_do(officer, **plan_overrides):
    project = project_in_plan(officer)
    project = update_plan(
        project=project, details=plan(**plan_overrides), actor=officer, version=None
    )
    return move_project_on(project=project, actor=officer)


def regulated_project_in_do(officer):
    """£240,000 a year over 3 + 1 years of goods and services: above the 2026 threshold."""
    return project_in_do(
        officer, annual="240000", category="goods_services", chosen_route=REGULATED
    )
