"""Grant services: funding checks, budget commitments and overrides, lifecycle transitions."""

from datetime import date
from decimal import Decimal as D

import pytest

from approvals.engine.errors import ApprovalError
from approvals.engine.services import decide_approval_request
from approvals.services import sign_decision_notice
from audit.transitions import TransitionRefused, perform_transition
from grants import services
from grants.models import (
    Award,
    BudgetOverride,
    Commitment,
    FundingStream,
    Grant,
    GrantState,
    StreamStatus,
)
from grants.selectors import budget_summaries
from grants.services import GrantError, ShareInput
from tests.factories import OrganisationFactory
from tests.grants.factories import FundingStreamFactory, budget, make_grant, year

pytestmark = pytest.mark.django_db


@pytest.fixture
def youth_fund():
    stream = FundingStream.objects.get(short_name="Youth Fund")
    budget(stream, 2025, "40000.00", "30000.00")
    return stream


@pytest.mark.parametrize(("amount", "ok"), [("2000.00", True), ("2000.01", False)])
def test_youth_fund_maximum_award(officer, youth_fund, amount, ok):
    if ok:
        grant = make_grant(officer, stream=youth_fund, total=amount)
        assert grant.award.total == D(amount)
    else:
        with pytest.raises(GrantError, match="no more than £2,000.00"):
            make_grant(officer, stream=youth_fund, total=amount)
        assert Grant.objects.count() == 0 and Award.objects.count() == 0


def test_cofunding_shares_must_add_up(officer):
    stream = FundingStreamFactory()
    nhs = OrganisationFactory(name="NHS Integrated Care Board", public_body=True)
    council = OrganisationFactory(name="County Council", public_body=True)
    ok = [
        ShareInput(amount=D("50000.00"), partner=nhs),
        ShareInput(amount=D("25000.00"), partner=council),
        ShareInput(amount=D("25000.00"), stream=stream),
    ]
    grant = make_grant(officer, total="100000.00", shares=ok)
    assert grant.award.shares.count() == 3
    # Only our stream's share becomes a commitment against our budget.
    assert list(grant.award.commitments.values_list("amount", flat=True)) == [D("25000.00")]
    bad = [*ok[:2], ShareInput(amount=D("24999.99"), stream=stream)]
    with pytest.raises(GrantError, match="£0.01 less"):
        make_grant(officer, total="100000.00", shares=bad)


def test_paused_stream_refuses_new_awards(officer, administrator):
    stream = FundingStream.objects.get(short_name="Casualty Reduction")
    services.change_stream_status(
        stream=stream, action="pause", actor=administrator, reason="Review"
    )
    stream.refresh_from_db()
    assert stream.status == StreamStatus.PAUSED
    with pytest.raises(GrantError, match="paused and takes no new awards"):
        make_grant(officer, stream=stream)
    services.change_stream_status(
        stream=stream, action="resume", actor=administrator, reason="Review"
    )
    stream.refresh_from_db()
    assert make_grant(officer, stream=stream).pk


def test_award_spanning_years_is_split_into_commitments(officer):
    stream = FundingStreamFactory()
    grant = make_grant(
        officer, stream=stream, total="1000.00", start=date(2026, 1, 1), end=date(2026, 12, 31)
    )
    rows = dict(grant.award.commitments.values_list("financial_year", "amount"))
    assert rows == {2025: D("246.57"), 2026: D("753.43")}


def _submit_ready(officer, **kwargs):
    grant = make_grant(officer, **kwargs)
    services.draft_decision_notice_for_grant(grant=grant, drafted_by=officer)
    return Grant.objects.get(pk=grant.pk)


def test_over_commitment_is_refused_then_allowed_by_override(officer, finance_approver):
    stream = FundingStreamFactory()
    budget(stream, 2025, "1000.00")
    first = _submit_ready(officer, stream=stream, total="600.00")
    services.submit_grant_for_decision(grant=first, submitted_by=officer)
    second = _submit_ready(officer, stream=stream, total="400.01")
    with pytest.raises(GrantError) as exc:
        services.submit_grant_for_decision(grant=second, submitted_by=officer)
    assert f"{stream} has too little budget left in 2025/26: short by £0.01" in str(exc.value)
    second.refresh_from_db()
    assert second.state == GrantState.DRAFT

    pending = services.request_budget_override(
        grant=second,
        stream=stream,
        year=year(2025),
        amount=D("0.01"),
        reason="Year-end underspend elsewhere agreed",
        requested_by=officer,
    )
    with pytest.raises(GrantError, match="short by £0.01"):  # asked for is not agreed
        services.submit_grant_for_decision(grant=second, submitted_by=officer)
    decide_approval_request(
        request=pending.approval_request, decided_by=finance_approver, outcome="approved"
    )
    services.submit_grant_for_decision(grant=second, submitted_by=officer)
    second.refresh_from_db()
    assert second.state == GrantState.AWAITING_DECISION
    override = BudgetOverride.objects.get()
    assert override.approved_by == finance_approver
    assert override.approval_request.kind == "budget_override"
    assert override.approval_request.state == "approved"
    from auditlog.models import LogEntry

    assert (
        LogEntry.objects.get_for_object(second)
        .filter(additional_data__event="budget_override_recorded")
        .exists()
    )
    [summary] = budget_summaries(streams=FundingStream.objects.filter(pk=stream.pk))
    [row] = summary.years
    assert (row.budget, row.committed, row.remaining) == (D("1000.00"), D("1000.01"), D("-0.01"))


def test_exactly_the_remaining_budget_is_accepted(officer):
    stream = FundingStreamFactory()
    budget(stream, 2025, "1000.00")
    grant = _submit_ready(officer, stream=stream, total="1000.00")
    services.submit_grant_for_decision(grant=grant, submitted_by=officer)
    assert Grant.objects.get(pk=grant.pk).state == GrantState.AWAITING_DECISION


def test_no_budget_for_the_year_is_a_shortfall(officer):
    stream = FundingStreamFactory()
    grant = _submit_ready(officer, stream=stream, total="10.00")
    with pytest.raises(GrantError, match="short by £10.00"):
        services.submit_grant_for_decision(grant=grant, submitted_by=officer)


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("officer", "Only the Finance approver"),
        ("drafter_finance", "segregation of duties"),
    ],
)
def test_override_needs_a_finance_approver_who_did_not_draft(
    officer, officer2, make_user, who, message
):
    from accounts.roles import Role

    stream = FundingStreamFactory()
    drafter = officer
    if who == "drafter_finance":
        drafter = make_user("both_roles", Role.OFFICER, Role.FINANCE)
    grant = make_grant(drafter, stream=stream)
    asked = services.request_budget_override(
        grant=grant,
        stream=stream,
        year=year(2025),
        amount=D("1"),
        reason="x",
        requested_by=officer2,
    )
    actor = make_user("other_officer", Role.OFFICER) if who == "officer" else drafter
    with pytest.raises(ApprovalError, match=message):
        decide_approval_request(
            request=asked.approval_request, decided_by=actor, outcome="approved"
        )
    asked.refresh_from_db()
    assert not asked.is_approved and asked.approval_request.state == "pending"
    assert not BudgetOverride.objects.filter(approval_request__state="approved").exists()


def test_only_an_officer_asks_for_an_override(finance_approver, officer):
    stream = FundingStreamFactory()
    grant = make_grant(officer, stream=stream)
    with pytest.raises(GrantError, match="Only a commissioning officer"):
        services.request_budget_override(
            grant=grant,
            stream=stream,
            year=year(2025),
            amount=D("1"),
            reason="x",
            requested_by=finance_approver,
        )
    assert not BudgetOverride.objects.exists()


def test_grant_cannot_skip_the_signed_decision_notice(officer, commissioner):
    stream = FundingStreamFactory()
    budget(stream, 2025, "5000.00")
    grant = _submit_ready(officer, stream=stream)
    # No transition goes straight from draft to approved.
    with pytest.raises(TransitionRefused):
        perform_transition(grant, "approve", actor=commissioner, event="grant_approved")
    services.submit_grant_for_decision(grant=grant, submitted_by=officer)
    grant = Grant.objects.get(pk=grant.pk)
    # Awaiting decision but the notice is unsigned: approval refused, state unchanged.
    with pytest.raises(TransitionRefused, match="not been signed"):
        perform_transition(grant, "approve", actor=commissioner, event="grant_approved")
    assert Grant.objects.get(pk=grant.pk).state == GrantState.AWAITING_DECISION
    sign_decision_notice(notice=grant.decision_notice, signed_by=commissioner)
    grant.refresh_from_db()
    assert grant.state == GrantState.APPROVED


def test_submit_needs_a_decision_notice_and_a_theme(officer):
    stream = FundingStreamFactory()
    budget(stream, 2025, "5000.00")
    grant = make_grant(officer, stream=stream)
    with pytest.raises(GrantError, match="Draft a decision notice"):
        services.submit_grant_for_decision(grant=grant, submitted_by=officer)
    no_theme = _submit_ready(officer, stream=stream, themes=[])
    with pytest.raises(GrantError, match="Police and Crime Plan theme"):
        services.submit_grant_for_decision(grant=no_theme, submitted_by=officer)


TRANSITIONS = ["return_to_draft", "reject", "activate", "close", "withdraw"]
ALLOWED = {
    GrantState.DRAFT: {"withdraw"},
    GrantState.AWAITING_DECISION: {"return_to_draft", "reject", "withdraw"},
    GrantState.APPROVED: {"activate", "withdraw"},
    GrantState.ACTIVE: {"close"},
    GrantState.CLOSED: set(),
    GrantState.WITHDRAWN: set(),
    GrantState.REJECTED: set(),
}


@pytest.mark.parametrize("source", list(ALLOWED))
@pytest.mark.parametrize("action", TRANSITIONS)
def test_transition_table(officer, commissioner, source, action):
    stream = FundingStreamFactory()
    grant = make_grant(officer, stream=stream)
    Grant.objects.filter(pk=grant.pk).update(state=source)  # arrange only
    actor = commissioner if action == "reject" else officer
    if action in ALLOWED[source]:
        services.change_grant_state(grant=grant, action=action, actor=actor, reason="A reason")
        assert Grant.objects.get(pk=grant.pk).state != source
    else:
        with pytest.raises(GrantError):
            services.change_grant_state(grant=grant, action=action, actor=actor, reason="A reason")
        assert Grant.objects.get(pk=grant.pk).state == source


@pytest.mark.parametrize("action", ["reject"])
def test_officer_cannot_decide(officer, action):
    grant = make_grant(officer, stream=FundingStreamFactory())
    Grant.objects.filter(pk=grant.pk).update(state=GrantState.AWAITING_DECISION)
    with pytest.raises(GrantError, match="Only the Commissioner"):
        services.change_grant_state(grant=grant, action=action, actor=officer, reason="A reason")


def test_withdrawal_releases_the_commitment(officer):
    stream = FundingStreamFactory()
    budget(stream, 2025, "1000.00")
    grant = _submit_ready(officer, stream=stream, total="1000.00")
    services.submit_grant_for_decision(grant=grant, submitted_by=officer)
    services.change_grant_state(
        grant=grant, action="withdraw", actor=officer, reason="No longer needed"
    )
    [summary] = budget_summaries(streams=FundingStream.objects.filter(pk=stream.pk))
    assert summary.years[0].committed == D("0.00")


def test_create_grant_is_atomic(officer, monkeypatch):
    """If the last write fails, nothing of the grant stays."""
    stream = FundingStreamFactory()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Commitment.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        make_grant(officer, stream=stream)
    assert not Grant.objects.exists() and not Award.objects.exists()


def test_subsidy_warning_past_the_allowance(officer):
    stream = FundingStreamFactory()
    budget(stream, 2025, "1000000.00")
    org = OrganisationFactory(name="Big Recipient")
    grant = _submit_ready(officer, stream=stream, total="300000.00", recipient=org)
    services.submit_grant_for_decision(grant=grant, submitted_by=officer)
    assert (
        services.subsidy_warning(recipient=org, total=D("15000.00"), start_date=date(2025, 6, 1))
        == ""
    )
    warning = services.subsidy_warning(
        recipient=org, total=D("15000.01"), start_date=date(2025, 6, 1)
    )
    assert "£315,000.01" in warning
