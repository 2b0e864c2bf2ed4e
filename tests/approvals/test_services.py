"""Decision notice services: drafting, editing, numbering on signature, refusals and rollbacks."""

import uuid
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from approvals import hooks
from approvals import permissions as p
from approvals.errors import DecisionNoticeError
from approvals.events import DecisionNoticeEvent
from approvals.models import (
    REQUIRED_MESSAGES,
    DecisionNotice,
    DecisionNoticeSequence,
    DecisionNoticeState,
)
from approvals.services import (
    CHANGED_SINCE_OPENED,
    WITHDRAWAL_REASON_REQUIRED,
    draft_decision_notice,
    sign_decision_notice,
    update_decision_notice,
    withdraw_decision_notice,
)

from .factories import CommissionerFactory, DecisionNoticeFactory

pytestmark = pytest.mark.django_db

CONTENT = {
    "title": "Community resilience grant to Cambridgeshire County Council",
    "decision_text": "The Commissioner approves the release of the agreed grant of £90,000.",
    "reasons": "The Communities theme of the Police and Crime Plan.",
    "amount": Decimal("90000.00"),
    "funding_summary": "Crime and Disorder Reduction Grants £90,000 for 2026/27",
}


def _last_number(year: int) -> int | None:
    row = DecisionNoticeSequence.objects.filter(year=year).first()
    return row.last_number if row else None


@pytest.fixture
def handler():
    """Register a signing handler for one test; `calls` records its arguments."""
    registered = []

    def register(fn):
        hooks.register_signing_handler(fn)
        registered.append(fn)
        return fn

    yield register
    for fn in registered:
        hooks.unregister_signing_handler(fn)


# --- drafting and editing ----------------------------------------------------------------------


def test_an_officer_drafts_a_notice(officer):
    notice = draft_decision_notice(**CONTENT, drafted_by=officer)
    notice.refresh_from_db()
    assert notice.state == DecisionNoticeState.DRAFT
    assert notice.number is None and notice.signed_by is None
    assert notice.amount == Decimal("90000.00")
    assert notice.drafted_by == officer
    entry = LogEntry.objects.get_for_object(notice).get()
    assert entry.action == LogEntry.Action.CREATE and entry.actor == officer
    # History records the notice's own fields: no bookkeeping, no other apps' links to it.
    concrete = {f.name for f in DecisionNotice._meta.concrete_fields}
    logged = set(entry.changes_dict)
    assert {"title", "decision_text", "reasons", "amount"} <= logged <= concrete
    assert not logged & {"state", "version", "request_key", "updated_at"}


@pytest.mark.parametrize("who", ["commissioner", "finance_approver", "evaluator", "provider_user"])
def test_only_officers_draft(request, who):
    with pytest.raises(DecisionNoticeError, match=p.CANNOT_DRAFT):
        draft_decision_notice(**CONTENT, drafted_by=request.getfixturevalue(who))
    assert not DecisionNotice.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "   ", REQUIRED_MESSAGES["title"]),
        ("title", "", REQUIRED_MESSAGES["title"]),
        ("decision_text", "\n\t ", REQUIRED_MESSAGES["decision_text"]),
        ("reasons", "", REQUIRED_MESSAGES["reasons"]),
        ("title", "x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("amount", Decimal("0.00"), "Enter an amount greater than £0, or leave it blank"),
        ("amount", Decimal("-5.00"), "Enter an amount greater than £0, or leave it blank"),
    ],
)
def test_bad_drafts_are_refused_with_field_errors(officer, field, value, message):
    with pytest.raises(DecisionNoticeError) as caught:
        draft_decision_notice(**{**CONTENT, field: value}, drafted_by=officer)
    assert caught.value.field_errors[field] == [message]
    assert not DecisionNotice.objects.exists()


def test_the_same_form_submitted_twice_makes_one_notice(officer):
    key = uuid.uuid4()
    first = draft_decision_notice(**CONTENT, drafted_by=officer, request_key=key)
    second = draft_decision_notice(**CONTENT, drafted_by=officer, request_key=str(key))
    assert first.pk == second.pk
    assert DecisionNotice.objects.count() == 1


def test_a_form_key_cannot_be_reused_by_someone_else(officer, officer2):
    key = uuid.uuid4()
    draft_decision_notice(**CONTENT, drafted_by=officer, request_key=key)
    with pytest.raises(DecisionNoticeError):
        draft_decision_notice(**CONTENT, drafted_by=officer2, request_key=key)


def test_editing_a_draft_bumps_its_version_and_records_the_editor(draft, officer, officer2):
    assert draft.version == 1
    updated = update_decision_notice(
        notice=draft, edited_by=officer2, expected_version=1, title="Revised title"
    )
    assert updated.title == "Revised title"
    assert updated.version == 2
    assert list(updated.editors.all()) == [officer2]
    # The drafter's own edits do not make them an "editor" (they are already the author).
    update_decision_notice(notice=draft, edited_by=officer, reasons="Better reasons")
    assert list(DecisionNotice.objects.get(pk=draft.pk).editors.all()) == [officer2]
    change = LogEntry.objects.get_for_object(draft).filter(action=LogEntry.Action.UPDATE).last()
    assert change.actor == officer2
    assert "title" in change.changes_dict


def test_an_edit_that_changes_nothing_is_not_a_new_version(draft, officer):
    same = update_decision_notice(notice=draft, edited_by=officer, title=draft.title)
    assert same.version == 1


def test_a_stale_edit_is_refused_and_changes_nothing(draft, officer, officer2):
    update_decision_notice(notice=draft, edited_by=officer2, expected_version=1, title="First")
    with pytest.raises(DecisionNoticeError) as caught:
        update_decision_notice(notice=draft, edited_by=officer, expected_version=1, title="Second")
    assert caught.value.message == CHANGED_SINCE_OPENED.format(action="change it")
    assert DecisionNotice.objects.get(pk=draft.pk).title == "First"


def test_only_content_fields_can_be_edited(draft, officer):
    with pytest.raises(TypeError):
        update_decision_notice(notice=draft, edited_by=officer, number="CPCC 2026-999")


# --- signing and numbering ---------------------------------------------------------------------


def test_signing_numbers_the_notice_and_records_the_transition(draft, commissioner, london_clock):
    moment = london_clock(2026, 11, 28, 10, 15)
    signed = sign_decision_notice(notice=draft, signed_by=commissioner)
    signed.refresh_from_db()
    assert signed.state == DecisionNoticeState.SIGNED
    assert signed.number == "CPCC 2026-001"
    assert (signed.year, signed.sequence) == (2026, 1)
    assert signed.signed_by == commissioner
    assert signed.signed_at == moment
    event = LogEntry.objects.get_for_object(signed).filter(
        additional_data__event=DecisionNoticeEvent.SIGNED.value
    )
    assert event.count() == 1
    assert event.get().actor == commissioner
    assert event.get().changes_dict["state"] == ["draft", "signed"]


def test_numbers_run_on_within_a_year(officer, commissioner, london_clock):
    london_clock(2026, 3, 1, 9, 0)
    numbers = [
        sign_decision_notice(
            notice=DecisionNoticeFactory(drafted_by=officer), signed_by=commissioner
        ).number
        for _ in range(12)
    ]
    assert numbers == [f"CPCC 2026-{n:03d}" for n in range(1, 13)]
    assert _last_number(2026) == 12


def test_a_new_year_restarts_at_001(officer, commissioner, london_clock):
    london_clock(2026, 12, 31, 23, 59, 59)
    last_of_2026 = [
        sign_decision_notice(
            notice=DecisionNoticeFactory(drafted_by=officer), signed_by=commissioner
        )
        for _ in range(3)
    ]
    london_clock(2027, 1, 1, 0, 0, 0)
    first_of_2027 = sign_decision_notice(
        notice=DecisionNoticeFactory(drafted_by=officer), signed_by=commissioner
    )
    assert [n.number for n in last_of_2026] == ["CPCC 2026-001", "CPCC 2026-002", "CPCC 2026-003"]
    assert first_of_2027.number == "CPCC 2027-001"
    assert (_last_number(2026), _last_number(2027)) == (3, 1)


@pytest.mark.parametrize(
    ("london_wall_clock", "number"),
    [
        ((2026, 12, 31, 23, 59, 59), "CPCC 2026-001"),
        ((2027, 1, 1, 0, 0, 0), "CPCC 2027-001"),
        ((2027, 1, 1, 0, 30, 0), "CPCC 2027-001"),
        ((2026, 7, 1, 0, 30, 0), "CPCC 2026-001"),  # BST: 23:30 UTC on 30 June
    ],
)
def test_the_year_is_the_london_date_of_signing(
    draft, commissioner, london_clock, london_wall_clock, number
):
    london_clock(*london_wall_clock)
    assert sign_decision_notice(notice=draft, signed_by=commissioner).number == number


@pytest.mark.parametrize(
    ("drafter", "signer", "reason"),
    [
        ("officer", "officer", p.DRAFTER_CANNOT_SIGN),
        ("officer_commissioner", "officer_commissioner", p.DRAFTER_CANNOT_SIGN),
        ("superuser", "superuser", p.DRAFTER_CANNOT_SIGN),
        ("officer", "officer2", p.NOT_COMMISSIONER),
        ("officer", "finance_approver", p.NOT_COMMISSIONER),
        ("officer", "administrator", p.NOT_COMMISSIONER),
        ("officer", "superuser", p.NOT_COMMISSIONER),  # a superuser holds no business role
        ("officer", "evaluator", p.NOT_COMMISSIONER),
    ],
)
def test_refused_signatures_change_nothing(request, drafter, signer, reason):
    notice = DecisionNoticeFactory(drafted_by=request.getfixturevalue(drafter))
    with pytest.raises(DecisionNoticeError) as caught:
        sign_decision_notice(notice=notice, signed_by=request.getfixturevalue(signer))
    assert caught.value.message == reason
    notice.refresh_from_db()
    assert notice.state == DecisionNoticeState.DRAFT
    assert notice.number is None
    assert not DecisionNoticeSequence.objects.filter(last_number__gt=0).exists()


@pytest.mark.parametrize("signer", ["commissioner", "commissioner2"])
def test_another_commissioner_may_sign(request, officer_commissioner, signer):
    notice = DecisionNoticeFactory(drafted_by=officer_commissioner)
    signed = sign_decision_notice(notice=notice, signed_by=request.getfixturevalue(signer))
    assert signed.state == DecisionNoticeState.SIGNED


def test_signing_twice_is_refused_without_using_a_number(draft, officer, commissioner):
    first = sign_decision_notice(notice=draft, signed_by=commissioner)
    # The second click holds a stale copy that still says "draft".
    with pytest.raises(DecisionNoticeError) as caught:
        sign_decision_notice(notice=draft, signed_by=commissioner)
    assert caught.value.message == p.NOT_A_DRAFT_SIGNED.format(number=first.number)
    assert _last_number(first.year) == 1
    next_one = sign_decision_notice(
        notice=DecisionNoticeFactory(drafted_by=officer), signed_by=commissioner
    )
    assert next_one.sequence == 2  # no gap


def test_a_signature_on_a_text_changed_since_it_was_read_is_refused(draft, officer2, commissioner):
    read_version = draft.version
    update_decision_notice(notice=draft, edited_by=officer2, amount=Decimal("95000.00"))
    with pytest.raises(DecisionNoticeError, match="changed this decision notice"):
        sign_decision_notice(notice=draft, signed_by=commissioner, expected_version=read_version)
    assert DecisionNotice.objects.get(pk=draft.pk).state == DecisionNoticeState.DRAFT


def test_signing_handlers_run_in_the_transaction_with_the_signed_notice(
    draft, commissioner, handler
):
    calls = []

    @handler
    def record(*, notice, signed_by):
        # Inside the transaction the notice is already numbered and saved.
        stored = DecisionNotice.objects.get(pk=notice.pk)
        calls.append((stored.number, stored.state, signed_by))

    signed = sign_decision_notice(notice=draft, signed_by=commissioner)
    assert calls == [(signed.number, DecisionNoticeState.SIGNED, commissioner)]


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (DecisionNoticeError("The Youth Fund has no budget left for 2026/27"), True),
        (ValidationError("The grant's provider is inactive"), True),
        (RuntimeError("bug in a handler"), False),
    ],
)
def test_a_failing_signing_handler_rolls_the_signature_back(
    draft, officer, commissioner, handler, error, shown
):
    @handler
    def refuse(*, notice, signed_by):
        raise error

    expected = DecisionNoticeError if shown else RuntimeError
    with pytest.raises(expected) as caught:
        sign_decision_notice(notice=draft, signed_by=commissioner)
    if shown:
        assert caught.value.message in {str(error), " ".join(getattr(error, "messages", []))}
    draft.refresh_from_db()
    assert draft.state == DecisionNoticeState.DRAFT
    assert draft.number is None and draft.signed_at is None
    assert _last_number(2026) is None and not DecisionNoticeSequence.objects.exists()
    assert not LogEntry.objects.get_for_object(draft).filter(
        additional_data__event=DecisionNoticeEvent.SIGNED.value
    )
    hooks.unregister_signing_handler(refuse)
    # The number it would have had is still free: no gap.
    assert sign_decision_notice(notice=draft, signed_by=commissioner).sequence == 1


def test_the_last_write_failing_leaves_nothing(draft, commissioner, monkeypatch):
    """Atomicity: the audit entry is the last write; if it fails, neither number nor state stay."""
    import approvals.services as services

    def broken(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "record_transition", broken)
    with pytest.raises(RuntimeError):
        sign_decision_notice(notice=draft, signed_by=commissioner)
    draft.refresh_from_db()
    assert draft.state == DecisionNoticeState.DRAFT
    assert not DecisionNoticeSequence.objects.exists()


def test_a_signature_needs_a_complete_draft(officer, commissioner):
    notice = DecisionNoticeFactory(drafted_by=officer, decision_text="")
    with pytest.raises(DecisionNoticeError, match=p.INCOMPLETE):
        sign_decision_notice(notice=notice, signed_by=commissioner)


# --- signed is final ---------------------------------------------------------------------------


def test_a_signed_notice_cannot_be_edited_through_the_service(draft, officer, commissioner):
    signed = sign_decision_notice(notice=draft, signed_by=commissioner)
    with pytest.raises(DecisionNoticeError) as caught:
        update_decision_notice(notice=signed, edited_by=officer, title="Changed afterwards")
    assert caught.value.message == p.NOT_A_DRAFT_SIGNED.format(number=signed.number)
    assert DecisionNotice.objects.get(pk=draft.pk).title == draft.title


# --- withdrawing -------------------------------------------------------------------------------


def test_withdrawing_a_draft(draft, officer2):
    withdrawn = withdraw_decision_notice(
        notice=draft, withdrawn_by=officer2, reason="Replaced by a joint notice"
    )
    assert withdrawn.state == DecisionNoticeState.WITHDRAWN
    assert withdrawn.withdrawn_by == officer2
    assert withdrawn.number is None
    event = LogEntry.objects.get_for_object(draft).get(
        additional_data__event=DecisionNoticeEvent.WITHDRAWN.value
    )
    assert event.additional_data["message"] == "Replaced by a joint notice"


def test_withdrawing_needs_a_reason(draft, officer):
    with pytest.raises(DecisionNoticeError) as caught:
        withdraw_decision_notice(notice=draft, withdrawn_by=officer, reason="  ")
    assert caught.value.field_errors == {"reason": [WITHDRAWAL_REASON_REQUIRED]}
    assert DecisionNotice.objects.get(pk=draft.pk).state == DecisionNoticeState.DRAFT


@pytest.mark.parametrize("who", ["commissioner", "finance_approver", "administrator"])
def test_only_officers_withdraw(request, draft, who):
    with pytest.raises(DecisionNoticeError, match=p.CANNOT_WITHDRAW_ROLE):
        withdraw_decision_notice(
            notice=draft, withdrawn_by=request.getfixturevalue(who), reason="No"
        )


def test_a_signed_notice_cannot_be_withdrawn(draft, officer, commissioner):
    sign_decision_notice(notice=draft, signed_by=commissioner)
    with pytest.raises(DecisionNoticeError):
        withdraw_decision_notice(notice=draft, withdrawn_by=officer, reason="Too late")
    assert DecisionNotice.objects.get(pk=draft.pk).state == DecisionNoticeState.SIGNED


def test_a_withdrawn_draft_cannot_be_signed(draft, officer):
    withdraw_decision_notice(notice=draft, withdrawn_by=officer, reason="Not needed")
    with pytest.raises(DecisionNoticeError, match=p.NOT_A_DRAFT_WITHDRAWN):
        sign_decision_notice(notice=draft, signed_by=CommissionerFactory())
