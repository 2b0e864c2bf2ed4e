"""The approvals engine's services: bands applied, segregation of duties, two-role bands, notices."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from approvals.engine import hooks
from approvals.engine import permissions as perms
from approvals.engine.errors import ApprovalError
from approvals.engine.models import ApprovalBand, ApprovalDecision, ApprovalState
from approvals.engine.services import (
    COMMENT_REQUIRED,
    VALUE_NOT_POSITIVE,
    VALUE_TOO_LARGE,
    decide_approval_request,
    explain_approval,
    request_approval,
)
from approvals.services import sign_decision_notice

from .factories import (
    ChiefExecutiveFactory,
    CommissionerFactory,
    FinanceFactory,
    OfficerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _request(value, *, by=None, kind="sta", **kwargs):
    return request_approval(
        kind=kind,
        value=Decimal(value),
        title="Interpreting service",
        requested_by=by or OfficerFactory(),
        **kwargs,
    )


def test_seeded_bands_answer_who_and_why():
    text = explain_approval(kind="sta", value=Decimal("150000.01"), on=date(2026, 12, 1))
    assert "both the Chief Executive and the Finance approver" in text
    assert "reasonable default" in text


def test_finance_approves_a_small_request():
    request = _request("120000")
    finance = FinanceFactory()
    decided = decide_approval_request(request=request, decided_by=finance, outcome="approved")
    assert decided.state == ApprovalState.APPROVED
    decision = decided.decisions.get()
    assert (decision.decided_by, decision.role, decision.band_id) == (
        finance,
        Role.FINANCE,
        request.band_id,
    )


def test_requester_cannot_approve_even_holding_the_role():
    requester = UserFactory(roles=[Role.OFFICER, Role.FINANCE])
    request = _request("1000", by=requester)
    with pytest.raises(ApprovalError, match="segregation of duties"):
        decide_approval_request(request=request, decided_by=requester, outcome="approved")
    assert not ApprovalDecision.objects.exists()


@pytest.mark.parametrize("factory", [ChiefExecutiveFactory, CommissionerFactory, OfficerFactory])
def test_approver_outside_the_band_cannot(factory):
    request = _request("1000")
    with pytest.raises(ApprovalError, match="Only the Finance approver"):
        decide_approval_request(request=request, decided_by=factory(), outcome="approved")
    request.refresh_from_db()
    assert request.state == ApprovalState.PENDING


@pytest.mark.parametrize("first", ["finance", "chief"])
def test_two_role_band_needs_both_roles_in_either_order(first):
    request = _request("250000")
    finance, chief = FinanceFactory(), ChiefExecutiveFactory()
    order = [finance, chief] if first == "finance" else [chief, finance]
    after_one = decide_approval_request(request=request, decided_by=order[0], outcome="approved")
    assert after_one.state == ApprovalState.PENDING  # one role does not approve alone
    done = decide_approval_request(request=request, decided_by=order[1], outcome="approved")
    assert done.state == ApprovalState.APPROVED
    assert {d.role for d in done.decisions.all()} == {Role.FINANCE, Role.CHIEF_EXECUTIVE}


def test_one_person_holding_both_roles_cannot_approve_twice():
    both = UserFactory(roles=[Role.FINANCE, Role.CHIEF_EXECUTIVE])
    request = _request("250000")
    decide_approval_request(request=request, decided_by=both, outcome="approved")
    with pytest.raises(ApprovalError, match="must be a different person"):
        decide_approval_request(request=request, decided_by=both, outcome="approved")
    request.refresh_from_db()
    assert request.state == ApprovalState.PENDING


@pytest.mark.parametrize("outcome", ["rejected", "returned"])
@pytest.mark.parametrize("comment", ["", "   ", "\x00"])
def test_reject_and_return_need_a_comment(outcome, comment):
    request = _request("1000")
    with pytest.raises(ApprovalError) as caught:
        decide_approval_request(
            request=request, decided_by=FinanceFactory(), outcome=outcome, comment=comment
        )
    assert caught.value.message == COMMENT_REQUIRED


@pytest.mark.parametrize("outcome", ["rejected", "returned"])
def test_reject_or_return_ends_a_two_role_request(outcome):
    request = _request("250000")
    decided = decide_approval_request(
        request=request, decided_by=FinanceFactory(), outcome=outcome, comment="Not value for money"
    )
    assert decided.state == outcome
    with pytest.raises(ApprovalError, match="already"):
        decide_approval_request(
            request=request, decided_by=ChiefExecutiveFactory(), outcome="approved"
        )


def test_a_second_decision_is_told_who_decided_and_when():
    request = _request("1000")
    first = FinanceFactory(first_name="Fiona", last_name="Fraser")
    decide_approval_request(request=request, decided_by=first, outcome="approved")
    with pytest.raises(ApprovalError) as caught:
        decide_approval_request(
            request=request, decided_by=FinanceFactory(), outcome="rejected", comment="No"
        )
    when = timezone.localtime(request.decisions.get().decided_at).strftime("%H:%M on %-d %B %Y")
    assert caught.value.message == f"This was already approved by Fiona Fraser at {when}."
    # a double click by the same person records one decision too
    with pytest.raises(ApprovalError, match="already approved by Fiona Fraser"):
        decide_approval_request(request=request, decided_by=first, outcome="approved")
    assert ApprovalDecision.objects.count() == 1


def test_a_band_change_keeps_the_band_of_earlier_requests():
    change = timezone.localdate() + timedelta(days=1)
    before = _request("180000")
    ApprovalBand.objects.create(
        kind="sta",
        effective_from=change,
        above_value=0,
        up_to_value=Decimal("200000"),
        first_role=Role.FINANCE,
        source="test",
    )
    ApprovalBand.objects.create(
        kind="sta",
        effective_from=change,
        above_value=Decimal("200000"),
        first_role=Role.COMMISSIONER,
        needs_decision_notice=True,
        source="test",
    )
    after = _request("180000", on=change)
    assert before.roles == (Role.CHIEF_EXECUTIVE, Role.FINANCE)
    assert after.roles == (Role.FINANCE,)
    decide_approval_request(request=before, decided_by=FinanceFactory(), outcome="approved")
    before.refresh_from_db()
    assert before.state == ApprovalState.PENDING  # still needs the Chief Executive


def test_a_band_in_use_cannot_be_edited():
    request = _request("1000")
    band = request.band
    band.source = "rewritten"
    with pytest.raises(ValidationError):
        band.save()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (Decimal("0"), VALUE_NOT_POSITIVE),
        (Decimal("-5"), VALUE_NOT_POSITIVE),
        (Decimal("1e40"), VALUE_TOO_LARGE),
        (Decimal("NaN"), VALUE_NOT_POSITIVE),
        (1000.0, VALUE_NOT_POSITIVE),
    ],
)
def test_hostile_values_are_refused(value, message):
    with pytest.raises(ApprovalError) as caught:
        request_approval(kind="sta", value=value, title="x", requested_by=OfficerFactory())
    assert caught.value.message == message


def test_the_same_request_key_makes_one_request():
    officer, key = OfficerFactory(), uuid.uuid4()
    first = _request("1000", by=officer, request_key=key)
    second = _request("1000", by=officer, request_key=key)
    assert first.pk == second.pk


def test_above_500k_drafts_a_notice_and_signing_it_approves():
    seen = []
    handler = hooks.register_outcome_handler("sta", lambda **kw: seen.append(kw["request"].state))
    try:
        request = _request("600000")
        assert request.decision_notice is not None and request.decision_notice.is_draft
        allowed, reason = perms.can_decide_on_page(FinanceFactory(), request)
        assert not allowed and "decision notice" in reason
        with pytest.raises(ApprovalError, match="decision notice"):
            decide_approval_request(
                request=request, decided_by=CommissionerFactory(), outcome="approved"
            )
        commissioner = CommissionerFactory()
        sign_decision_notice(notice=request.decision_notice, signed_by=commissioner)
    finally:
        hooks.unregister_outcome_handler("sta", handler)
    request.refresh_from_db()
    assert request.state == ApprovalState.APPROVED
    assert request.decisions.get().decided_by == commissioner
    assert seen == ["approved"]


def test_a_refusing_outcome_handler_rolls_the_decision_back():
    def refuse(**kwargs):
        raise ValidationError("The supplier is no longer trading.")

    hooks.register_outcome_handler("sta", refuse)
    try:
        request = _request("1000")
        with pytest.raises(ApprovalError, match="no longer trading"):
            decide_approval_request(
                request=request, decided_by=FinanceFactory(), outcome="approved"
            )
    finally:
        hooks.unregister_outcome_handler("sta", refuse)
    request.refresh_from_db()
    # the outer atomic in the test keeps the row; the service's own atomic rolled back
    assert request.state == ApprovalState.PENDING
    assert not ApprovalDecision.objects.exists()


def test_a_gap_in_the_bands_is_explained():
    ApprovalBand.objects.filter(kind="contract_award").delete()
    with pytest.raises(ApprovalError) as caught:
        _request("1000", kind="contract_award")
    assert caught.value.message == (
        "No approval band covers £1,000.00 for contract award off the top-ranked bid on "
        f"{timezone.localdate():%-d %B %Y}: ask an administrator to add one."
    )
