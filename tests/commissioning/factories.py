"""Building STAs through the real services, along their lifecycle: draft -> submitted -> decided."""

from datetime import date
from decimal import Decimal

from commissioning.models import DirectAwardGround, GroundRegime
from commissioning.services import StaDetails, draft_sta, submit_sta
from tests.factories import OrganisationFactory


def ground(regime: str = GroundRegime.BELOW_THRESHOLD, *, continuity: bool = False):
    grounds = DirectAwardGround.objects.filter(regime=regime)
    if regime == GroundRegime.BELOW_THRESHOLD:
        grounds = grounds.filter(label__startswith="Continuity" if continuity else "Only one")
    return grounds.order_by("order").first()


def sta_details(value: str = "120000", **overrides) -> StaDetails:
    amount = Decimal(value)
    above = amount >= Decimal("207720")
    fields = {
        "supplier": overrides.pop("supplier", None)
        or OrganisationFactory(name="Language Line Ltd"),
        "service": "Telephone interpreting for victims",
        "whole_life_value": amount,
        "start_date": date(2027, 4, 1),
        "end_date": date(2029, 3, 31),
        "procurement_start_date": date(2026, 11, 2),
        "case": "The only supplier with access to the live case system.",
        "ground": ground(GroundRegime.SCHEDULE_5 if above else GroundRegime.BELOW_THRESHOLD),
        "justification": "No other supplier can connect to the case system in time.",
        "transparency_notice_reference": "FTS-2026-000123" if above else "",
        "transparency_notice_published_on": date(2026, 11, 20) if above else None,
    }
    fields.update(overrides)
    return StaDetails(**fields)


def make_sta(officer, value: str = "120000", **overrides):
    return draft_sta(details=sta_details(value, **overrides), created_by=officer)


def submitted_sta(officer, value: str = "120000", **overrides):
    return submit_sta(sta=make_sta(officer, value, **overrides), submitted_by=officer)
