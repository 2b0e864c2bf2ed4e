"""Contract management: meetings every three months across the term, agreed actions carried to the
next meeting until closed, feedback and dip samples."""

from datetime import date

import pytest

from commissioning.contract_services import (
    ActionInput,
    open_actions,
    record_feedback,
    record_meeting,
)
from commissioning.contract_terms import meeting_dates
from commissioning.errors import CommissioningError
from commissioning.models import ContractMeeting, FeedbackEntry

from .contract_factories import active_contract, contract_details

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 4, 1), date(2027, 3, 31),
         [date(2026, 6, 30), date(2026, 9, 30), date(2026, 12, 31), date(2027, 3, 31)]),
        (date(2025, 11, 30), date(2026, 5, 31),
         [date(2026, 2, 28), date(2026, 5, 29), date(2026, 5, 31)]),
    ],
)  # fmt: skip
def test_meetings_fall_every_three_months_across_the_term(start, end, expected):
    assert meeting_dates(start, end) == expected


def test_open_actions_carry_to_the_next_meeting_until_closed(officer):
    contract = active_contract(officer, start=date(2025, 4, 1))
    first = record_meeting(
        contract=contract,
        held_on=date(2025, 7, 1),
        attendees="Olive (OPCC), Pat (provider)",
        notes="Referrals up 10%.",
        actions=[ActionInput("Send the referral data", "Pat", date(2025, 8, 1))],
        recorded_by=officer,
    )
    [action] = open_actions(contract)
    assert action.meeting == first
    record_meeting(
        contract=contract,
        held_on=date(2025, 10, 1),
        attendees="Olive, Pat",
        notes="Data received.",
        closed_action_ids=[action.pk],
        recorded_by=officer,
    )
    assert open_actions(contract) == []
    action.refresh_from_db()
    assert action.done_on == date(2025, 10, 1)


def test_the_same_meeting_twice_is_kept_once(officer):
    contract = active_contract(officer, start=date(2025, 4, 1))
    key = "0f0e5e3a-6a7b-4f43-9a1c-1b2c3d4e5f60"
    for _ in range(2):
        record_meeting(
            contract=contract, held_on=date(2025, 7, 1), attendees="A", notes="B",
            recorded_by=officer, request_key=key,
        )  # fmt: skip
    assert ContractMeeting.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"attendees": " \x00 "}, "Say who attended"),
        ({"notes": ""}, "Write the meeting notes"),
        ({"held_on": date(2099, 1, 1)}, "today or earlier"),
        ({"actions": [ActionInput("Do it", "", date(2025, 8, 1))]}, "Say who owns the action"),
        ({"actions": [ActionInput("Do it", "Pat", date(2025, 6, 1))]}, "on or after the meeting"),
    ],
)
def test_a_meeting_needs_its_facts(officer, change, message):
    contract = active_contract(officer, start=date(2025, 4, 1))
    call = {
        "contract": contract,
        "held_on": date(2025, 7, 1),
        "attendees": "Olive",
        "notes": "Fine",
        "recorded_by": officer,
        **change,
    }
    with pytest.raises(CommissioningError, match=message):
        record_meeting(**call)
    assert not ContractMeeting.objects.exists()


def test_feedback_is_recorded_on_a_let_contract_only(officer):
    from commissioning.contract_services import create_contract

    draft = create_contract(
        details=contract_details(reference="C-D", shares=()), created_by=officer
    )
    with pytest.raises(CommissioningError, match="has been let"):
        record_feedback(
            contract=draft, kind="service_user", received_on=date(2025, 5, 1), summary="Good",
            recorded_by=officer,
        )  # fmt: skip
    contract = active_contract(officer, start=date(2025, 4, 1))
    record_feedback(
        contract=contract, kind="dip_sample", received_on=date(2025, 5, 1),
        summary="Five files checked: all had risk assessments.", recorded_by=officer,
    )  # fmt: skip
    assert FeedbackEntry.objects.get().kind == "dip_sample"
