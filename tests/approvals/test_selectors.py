"""Decision notice reads: visibility, the signature queue, the public register."""

import pytest

from approvals.selectors import (
    notices_awaiting_signature,
    notices_visible_to,
    public_notice_by_number,
    public_notices,
    signed_notices,
    signed_years,
)
from approvals.services import update_decision_notice, withdraw_decision_notice

from .factories import DecisionNoticeFactory, SignedDecisionNoticeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("officer", True),
        ("commissioner", True),
        ("finance_approver", True),
        ("administrator", True),
        ("evaluator", False),
        ("provider_user", False),
    ],
)
def test_notices_visible_to(request, draft, who, sees):
    visible = notices_visible_to(request.getfixturevalue(who))
    assert (draft in visible) is sees


def test_the_signature_queue_excludes_own_and_edited_drafts(
    officer, officer2, officer_commissioner, commissioner
):
    own = DecisionNoticeFactory(drafted_by=officer_commissioner)
    edited = DecisionNoticeFactory(drafted_by=officer)
    update_decision_notice(notice=edited, edited_by=officer_commissioner, reasons="Edited")
    other = DecisionNoticeFactory(drafted_by=officer2)
    SignedDecisionNoticeFactory(drafted_by=officer, signed_by=commissioner)
    withdraw_decision_notice(
        notice=DecisionNoticeFactory(drafted_by=officer), withdrawn_by=officer, reason="No"
    )
    assert list(notices_awaiting_signature(for_user=officer_commissioner)) == [other]
    assert set(notices_awaiting_signature(for_user=commissioner)) == {own, edited, other}


def test_signed_notices_are_newest_first_and_only_signed(
    officer, commissioner, london_clock, draft
):
    london_clock(2026, 12, 31, 12, 0)
    older = SignedDecisionNoticeFactory(
        drafted_by=officer,
        signed_by=commissioner,
        title="Resilience",
        funding_summary="Crime and Disorder Reduction Grants",
    )
    london_clock(2027, 1, 2, 9, 0)
    newer = SignedDecisionNoticeFactory(drafted_by=officer, signed_by=commissioner, title="Youth")
    assert list(signed_notices()) == [newer, older]
    assert signed_years() == [2027, 2026]
    assert list(public_notices(year=2026)) == [older]
    assert list(public_notices(search="youth")) == [newer]
    assert list(public_notices(search="2027-001")) == [newer]


def test_public_notice_by_number(officer, draft):
    signed = SignedDecisionNoticeFactory(drafted_by=officer)
    assert public_notice_by_number(signed.slug) == signed
    assert public_notice_by_number(signed.number) is None  # the space form is not a web address
    assert public_notice_by_number("rubbish") is None
