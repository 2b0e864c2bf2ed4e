"""Single Tender Actions: grounds by threshold, the lifecycle with the approvals engine, immutability."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from approvals.engine.errors import ApprovalError
from approvals.engine.models import ApprovalState
from approvals.engine.services import decide_approval_request
from approvals.services import sign_decision_notice
from audit.transitions import TransitionRefused, check_transition
from commissioning.errors import CommissioningError
from commissioning.models import GroundRegime, SingleTenderAction, StaState
from commissioning.services import submit_sta, update_sta
from tests.approvals.factories import ChiefExecutiveFactory, CommissionerFactory, FinanceFactory

from .factories import ground, make_sta, sta_details, submitted_sta

pytestmark = pytest.mark.django_db


def test_continuity_of_supply_is_refused_at_or_above_the_threshold(officer):
    with pytest.raises(CommissioningError) as caught:
        make_sta(officer, "250000", ground=ground(continuity=True))
    assert "no general “continuity of supply” ground" in caught.value.message
    assert caught.value.field == "ground"
    assert not SingleTenderAction.objects.exists()


def test_continuity_is_fine_below_the_threshold(officer):
    sta = make_sta(officer, "207719.99", ground=ground(continuity=True))
    assert sta.state == StaState.DRAFT


def test_the_procurement_start_date_picks_the_threshold(officer):
    # £210,000 is below the 2024 threshold (£214,904) but at/above the 2026 one (£207,720).
    continuity = ground(continuity=True)
    make_sta(officer, "210000", ground=continuity, procurement_start_date=date(2025, 12, 31))
    with pytest.raises(CommissioningError, match="continuity"):
        make_sta(officer, "210000", ground=continuity, procurement_start_date=date(2026, 1, 1))


def test_transparency_notice_needed_before_approval(officer):
    sta = make_sta(officer, "250000", transparency_notice_reference="")
    with pytest.raises(CommissioningError, match="transparency notice"):
        submit_sta(sta=sta, submitted_by=officer)
    sta.refresh_from_db()
    assert sta.state == StaState.DRAFT and sta.approval_request is None


def test_120k_is_approved_by_finance(officer):
    sta = submitted_sta(officer, "120000")
    assert sta.state == StaState.SUBMITTED
    decide_approval_request(
        request=sta.approval_request, decided_by=FinanceFactory(), outcome="approved"
    )
    sta.refresh_from_db()
    assert sta.state == StaState.APPROVED


def test_250k_needs_chief_executive_and_finance(officer):
    sta = submitted_sta(officer, "250000")
    decide_approval_request(
        request=sta.approval_request, decided_by=FinanceFactory(), outcome="approved"
    )
    sta.refresh_from_db()
    assert sta.state == StaState.SUBMITTED
    decide_approval_request(
        request=sta.approval_request, decided_by=ChiefExecutiveFactory(), outcome="approved"
    )
    sta.refresh_from_db()
    assert sta.state == StaState.APPROVED


def test_600k_goes_to_a_decision_notice_and_signing_approves(officer):
    sta = submitted_sta(officer, "600000")
    notice = sta.approval_request.decision_notice
    assert notice is not None and notice.amount == Decimal("600000")
    sign_decision_notice(notice=notice, signed_by=CommissionerFactory())
    sta.refresh_from_db()
    assert sta.state == StaState.APPROVED
    assert sta.approval_request.state == ApprovalState.APPROVED


def test_returned_for_changes_round_trip(officer):
    sta = submitted_sta(officer, "120000")
    first_request = sta.approval_request
    decide_approval_request(
        request=first_request,
        decided_by=FinanceFactory(),
        outcome="returned",
        comment="Add the quotes",
    )
    sta.refresh_from_db()
    assert sta.state == StaState.RETURNED and sta.approver_comments == "Add the quotes"
    sta = update_sta(
        sta=sta, details=sta_details("110000", supplier=sta.supplier), edited_by=officer
    )
    sta = submit_sta(sta=sta, submitted_by=officer)
    assert sta.state == StaState.SUBMITTED
    assert sta.approval_request.pk != first_request.pk
    assert sta.approval_request.value == Decimal("110000")
    decide_approval_request(
        request=sta.approval_request, decided_by=FinanceFactory(), outcome="approved"
    )
    sta.refresh_from_db()
    assert sta.state == StaState.APPROVED


def test_rejected_is_final(officer):
    sta = submitted_sta(officer, "120000")
    decide_approval_request(
        request=sta.approval_request, decided_by=FinanceFactory(), outcome="rejected", comment="No"
    )
    sta.refresh_from_db()
    assert sta.state == StaState.REJECTED
    with pytest.raises(CommissioningError, match="rejected"):
        submit_sta(sta=sta, submitted_by=officer)


def test_an_approved_sta_never_changes(officer):
    sta = submitted_sta(officer, "120000")
    decide_approval_request(
        request=sta.approval_request, decided_by=FinanceFactory(), outcome="approved"
    )
    sta.refresh_from_db()
    with pytest.raises(CommissioningError, match="approved"):
        update_sta(sta=sta, details=sta_details("1000", supplier=sta.supplier), edited_by=officer)
    sta.service = "Something else"
    with pytest.raises(ValidationError, match="a change needs a new STA"):
        sta.save()
    with pytest.raises(ValidationError):
        sta.delete()


def _sta_in(state, officer):
    if state == StaState.DRAFT:
        return make_sta(officer)
    sta = submitted_sta(officer)
    if state != StaState.SUBMITTED:
        outcome = {StaState.RETURNED: "returned", StaState.APPROVED: "approved"}[state]
        decide_approval_request(
            request=sta.approval_request, decided_by=FinanceFactory(), outcome=outcome, comment="c"
        )
    return SingleTenderAction.objects.get(pk=sta.pk)


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        (StaState.DRAFT, True),
        (StaState.RETURNED, True),
        (StaState.SUBMITTED, False),
        (StaState.APPROVED, False),
    ],
)
def test_submit_allowed_only_from_draft_or_returned(officer, state, allowed):
    sta = _sta_in(state, officer)
    assert sta.state == state
    if allowed:
        check_transition(sta, "submit", actor=officer)
    else:
        with pytest.raises(TransitionRefused):
            check_transition(sta, "submit", actor=officer)
        with pytest.raises(CommissioningError):
            submit_sta(sta=sta, submitted_by=officer)
        sta.refresh_from_db()
        assert sta.state == state


def test_an_editor_of_the_sta_cannot_approve_it(officer, make_user):
    from accounts.roles import Role

    both = make_user("officer_finance", Role.OFFICER, Role.FINANCE)
    sta = make_sta(officer)
    sta = update_sta(sta=sta, details=sta_details("100000", supplier=sta.supplier), edited_by=both)
    sta = submit_sta(sta=sta, submitted_by=officer)
    with pytest.raises(ApprovalError, match="segregation of duties"):
        decide_approval_request(request=sta.approval_request, decided_by=both, outcome="approved")


@pytest.mark.parametrize("value", ["0", "-1", "1e40", "NaN"])
def test_hostile_values(officer, value):
    with pytest.raises(CommissioningError) as caught:
        make_sta(officer, "1000", whole_life_value=Decimal(value))
    assert caught.value.field == "whole_life_value"


def test_schedule_5_ground_refused_below_threshold(officer):
    with pytest.raises(CommissioningError, match="Contract Standing Orders"):
        make_sta(officer, "1000", ground=ground(GroundRegime.SCHEDULE_5))


def test_submit_is_all_or_nothing(officer, monkeypatch):
    from approvals.engine.models import ApprovalRequest
    from commissioning import services

    sta = make_sta(officer)

    def refuse(*args, **kwargs):
        raise TransitionRefused("The STA changed while you submitted it.")

    monkeypatch.setattr(services, "perform_transition", refuse)
    with pytest.raises(CommissioningError, match="changed while"):
        submit_sta(sta=sta, submitted_by=officer)
    sta.refresh_from_db()
    assert sta.state == StaState.DRAFT and sta.approval_request is None
    assert not ApprovalRequest.objects.exists()


def test_draft_with_bad_shares_keeps_nothing(officer):
    from grants.models import Award, FundingStream
    from grants.services import ShareInput

    moj = FundingStream.objects.get(short_name="MoJ Victims")
    with pytest.raises(CommissioningError, match="add up to") as caught:
        make_sta(officer, "1000", shares=(ShareInput(amount=Decimal("999"), stream=moj),))
    assert caught.value.field == "shares"
    assert not SingleTenderAction.objects.exists()
    assert not Award.objects.exists()
