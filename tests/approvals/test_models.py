"""The decision notice model's own guarantees: constraints, protected state, immutability once signed."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from approvals.errors import DecisionNoticeError
from approvals.models import (
    NEW_NOTICE_MUST_BE_DRAFT,
    SIGNED_CANNOT_BE_DELETED,
    SIGNED_IS_FINAL,
    WITHDRAWN_IS_FINAL,
    DecisionNotice,
    DecisionNoticeState,
)
from approvals.services import sign_decision_notice, withdraw_decision_notice

from .factories import DecisionNoticeFactory, SignedDecisionNoticeFactory

pytestmark = pytest.mark.django_db


def test_state_cannot_be_assigned_directly(draft):
    with pytest.raises(AttributeError):
        draft.state = DecisionNoticeState.SIGNED


def test_a_notice_cannot_be_created_already_signed(officer):
    notice = DecisionNotice(
        title="Backdated", decision_text="x", reasons="y", drafted_by=officer, state="signed"
    )
    with pytest.raises(DecisionNoticeError, match=NEW_NOTICE_MUST_BE_DRAFT):
        notice.save()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Rewritten after signing"),
        ("decision_text", "The Commissioner approves something else."),
        ("reasons", "Other reasons"),
        ("amount", Decimal("1.00")),
        ("funding_summary", "Another fund"),
        ("number", "CPCC 2026-999"),
        ("signed_at", timezone.now()),
    ],
)
def test_a_signed_notice_refuses_any_change_in_save_and_clean(field, value, officer):
    notice = SignedDecisionNoticeFactory(drafted_by=officer)
    stored = DecisionNotice.objects.get(pk=notice.pk)
    setattr(stored, field, value)
    with pytest.raises(ValidationError) as caught:
        stored.clean()
    assert caught.value.messages == [SIGNED_IS_FINAL]
    with pytest.raises(DecisionNoticeError, match=SIGNED_IS_FINAL):
        stored.save()
    assert getattr(DecisionNotice.objects.get(pk=notice.pk), field) == getattr(notice, field)


def test_a_stale_draft_copy_cannot_overwrite_the_signed_notice(draft, commissioner):
    stale = DecisionNotice.objects.get(pk=draft.pk)  # loaded while still a draft
    sign_decision_notice(notice=draft, signed_by=commissioner)
    stale.title = "Sneaky change"
    with pytest.raises(DecisionNoticeError, match=SIGNED_IS_FINAL):
        stale.save()


def test_saving_a_signed_notice_unchanged_is_harmless(officer):
    notice = SignedDecisionNoticeFactory(drafted_by=officer)
    DecisionNotice.objects.get(pk=notice.pk).save()


def test_a_withdrawn_notice_is_final_too(draft, officer):
    withdraw_decision_notice(notice=draft, withdrawn_by=officer, reason="Not needed")
    stored = DecisionNotice.objects.get(pk=draft.pk)
    stored.title = "Revived"
    with pytest.raises(DecisionNoticeError, match=WITHDRAWN_IS_FINAL):
        stored.save()


def test_bulk_updates_of_signed_notices_are_refused(officer):
    notice = SignedDecisionNoticeFactory(drafted_by=officer)
    with pytest.raises(DecisionNoticeError, match=SIGNED_IS_FINAL):
        DecisionNotice.objects.filter(pk=notice.pk).update(title="Bulk rewrite")
    assert DecisionNotice.objects.get(pk=notice.pk).title == notice.title


def test_bulk_updates_of_drafts_still_work(draft):
    assert DecisionNotice.objects.filter(pk=draft.pk).update(funding_summary="Youth Fund") == 1


def test_a_signed_notice_cannot_be_deleted(officer):
    notice = SignedDecisionNoticeFactory(drafted_by=officer)
    with pytest.raises(DecisionNoticeError, match=SIGNED_CANNOT_BE_DELETED):
        notice.delete()
    with pytest.raises(DecisionNoticeError, match=SIGNED_CANNOT_BE_DELETED):
        DecisionNotice.objects.all().delete()
    assert DecisionNotice.objects.filter(pk=notice.pk).exists()


def test_a_draft_can_be_deleted(draft):
    draft.delete()
    assert not DecisionNotice.objects.exists()


# --- database constraints (the last line of defence) -------------------------------------------


def _bypass_update(pk, **values):
    from django.db.models import QuerySet

    QuerySet.update(DecisionNotice.objects.filter(pk=pk), **values)


@pytest.mark.parametrize(
    "values",
    [
        {"state": "signed"},  # signed with no number
        {"number": "CPCC 2026-001"},  # a draft with a number
        {"state": "withdrawn"},  # withdrawn with nobody recorded
        {"amount": Decimal("0.00")},
        {"amount": Decimal("-1.00")},
    ],
)
def test_database_constraints_hold_without_the_model(draft, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        _bypass_update(draft.pk, **values)


def test_the_database_refuses_a_signature_by_the_drafter(draft, officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        _bypass_update(
            draft.pk,
            state="signed",
            number="CPCC 2026-001",
            year=2026,
            sequence=1,
            signed_by=officer,
            signed_at=timezone.now(),
        )


def test_the_database_refuses_a_duplicate_year_and_sequence(officer, commissioner):
    first = SignedDecisionNoticeFactory(drafted_by=officer, signed_by=commissioner)
    second = DecisionNoticeFactory(drafted_by=officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        _bypass_update(
            second.pk,
            state="signed",
            number="CPCC 2026-0001",
            year=first.year,
            sequence=first.sequence,
            signed_by=commissioner,
            signed_at=timezone.now(),
        )


def test_the_database_refuses_a_duplicate_number(officer, commissioner):
    first = SignedDecisionNoticeFactory(drafted_by=officer, signed_by=commissioner)
    second = DecisionNoticeFactory(drafted_by=officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        _bypass_update(
            second.pk,
            state="signed",
            number=first.number,
            year=first.year,
            sequence=first.sequence + 1,
            signed_by=commissioner,
            signed_at=timezone.now(),
        )


def test_urls_and_file_name(officer):
    notice = SignedDecisionNoticeFactory(drafted_by=officer)
    assert notice.slug == notice.number.replace(" ", "-")
    assert notice.pdf_filename == f"{notice.slug}.pdf"
    assert notice.get_public_url() == f"/decisions/public/{notice.slug}/"
    assert DecisionNoticeFactory(drafted_by=officer).get_public_url() == ""
