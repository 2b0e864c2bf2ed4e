"""Who may sign, edit, withdraw and see decision notices (table-driven, with the reasons)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from approvals import permissions as p
from approvals.permissions import (
    can_draft_decision_notice,
    can_edit_decision_notice,
    can_sign_decision_notice,
    can_view_decision_notices,
    can_withdraw_decision_notice,
)
from approvals.services import update_decision_notice

from .factories import DecisionNoticeFactory, SignedDecisionNoticeFactory


def _person(request, who: str):
    """Build the actor named in a table row."""
    make_user = request.getfixturevalue("make_user")
    match who:
        case "anonymous":
            return AnonymousUser()
        case "inactive commissioner":
            return make_user("t_inactive", Role.COMMISSIONER, is_active=False)
        case "superuser":
            return request.getfixturevalue("superuser")
        case "superuser commissioner":  # given the group explicitly
            return make_user("t_super_commissioner", Role.COMMISSIONER, is_superuser=True)
        case "officer and commissioner":
            return request.getfixturevalue("officer_commissioner")
        case _:
            return request.getfixturevalue(who)


# who drafted, who signs, (allowed, reason)
SIGN_TABLE = [
    ("officer", "officer", (False, p.DRAFTER_CANNOT_SIGN)),
    ("officer and commissioner", "officer and commissioner", (False, p.DRAFTER_CANNOT_SIGN)),
    ("superuser", "superuser", (False, p.DRAFTER_CANNOT_SIGN)),
    ("officer", "officer2", (False, p.NOT_COMMISSIONER)),
    ("officer", "finance_approver", (False, p.NOT_COMMISSIONER)),
    ("officer", "evaluator", (False, p.NOT_COMMISSIONER)),
    ("officer", "provider_user", (False, p.NOT_COMMISSIONER)),
    ("officer", "administrator", (False, p.NOT_COMMISSIONER)),
    ("officer", "anonymous", (False, p.NOT_SIGNED_IN)),
    ("officer", "inactive commissioner", (False, p.NOT_SIGNED_IN)),
    ("officer", "commissioner", (True, "")),
    ("officer and commissioner", "commissioner", (True, "")),
    ("officer", "officer and commissioner", (True, "")),
    # A superuser holds no business role (issue 12 item 5): administering is not signing.
    ("officer", "superuser", (False, p.NOT_COMMISSIONER)),
    ("officer", "superuser commissioner", (True, "")),
]


@pytest.mark.parametrize(("drafter", "signer", "expected"), SIGN_TABLE)
def test_who_may_sign(request, drafter, signer, expected):
    notice = DecisionNoticeFactory(drafted_by=_person(request, drafter))
    user = _person(request, signer)
    assert can_sign_decision_notice(user, notice) == expected
    # The fsm transition's own permission agrees with the predicate.
    from django_fsm import has_transition_perm

    assert has_transition_perm(notice.sign, user) is expected[0]


def test_someone_who_edited_the_draft_cannot_sign_it(officer, officer_commissioner):
    notice = DecisionNoticeFactory(drafted_by=officer)
    update_decision_notice(notice=notice, edited_by=officer_commissioner, reasons="Sharper reasons")
    assert can_sign_decision_notice(officer_commissioner, notice) == (False, p.EDITOR_CANNOT_SIGN)


def test_an_incomplete_draft_cannot_be_signed(officer, commissioner):
    notice = DecisionNoticeFactory(drafted_by=officer, reasons="  ")
    assert can_sign_decision_notice(commissioner, notice) == (False, p.INCOMPLETE)


@pytest.mark.parametrize(
    ("predicate", "who"),
    [
        (can_sign_decision_notice, "commissioner2"),
        (can_edit_decision_notice, "officer"),
        (can_withdraw_decision_notice, "officer"),
    ],
)
@pytest.mark.parametrize("state", ["signed", "withdrawn"])
def test_nothing_is_allowed_on_a_final_notice(request, predicate, who, state, officer):
    from approvals.services import withdraw_decision_notice

    if state == "signed":
        notice = SignedDecisionNoticeFactory(drafted_by=officer)
        expected = p.NOT_A_DRAFT_SIGNED.format(number=notice.number)
    else:
        notice = withdraw_decision_notice(
            notice=DecisionNoticeFactory(drafted_by=officer), withdrawn_by=officer, reason="Merged"
        )
        expected = p.NOT_A_DRAFT_WITHDRAWN
    assert predicate(_person(request, who), notice) == (False, expected)


@pytest.mark.parametrize(
    ("who", "edit", "withdraw"),
    [
        ("officer", True, True),
        ("officer2", True, True),  # any officer may improve or withdraw a draft
        ("commissioner", False, False),
        ("finance_approver", False, False),
        ("administrator", False, False),
        ("evaluator", False, False),
        ("provider_user", False, False),
        ("superuser", False, False),  # holds no business role unless given the group
        ("anonymous", False, False),
    ],
)
def test_who_may_edit_and_withdraw_a_draft(request, draft, who, edit, withdraw):
    user = _person(request, who)
    assert can_edit_decision_notice(user, draft)[0] is edit
    assert can_withdraw_decision_notice(user, draft)[0] is withdraw


@pytest.mark.parametrize(
    ("who", "view", "draft_new"),
    [
        ("officer", True, True),
        ("commissioner", True, False),
        ("finance_approver", True, False),
        ("administrator", True, False),
        ("evaluator", False, False),
        ("provider_user", False, False),
        ("anonymous", False, False),
        ("superuser", False, False),  # holds no business role unless given the group
    ],
)
def test_who_may_view_and_draft(request, db, who, view, draft_new):
    user = _person(request, who)
    assert can_view_decision_notices(user)[0] is view
    assert can_draft_decision_notice(user)[0] is draft_new
