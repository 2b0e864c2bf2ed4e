"""Signing a decision notice through its pages: who is offered it and who is told why not, POST
only, the declaration, a double click, the drafter posting anyway and an outdated text."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from approvals import permissions as p
from approvals.forms import CONFIRM_REQUIRED
from approvals.models import DecisionNotice, DecisionNoticeSequence, DecisionNoticeState
from approvals.services import update_decision_notice

from .factories import DecisionNoticeFactory

pytestmark = pytest.mark.django_db


# --- signing -----------------------------------------------------------------------------------


def test_the_detail_page_offers_signing_to_a_commissioner(client_for, commissioner, draft):
    html = client_for(commissioner).get(draft.get_absolute_url()).content.decode()
    assert "Sign this decision notice" in html
    assert reverse("approvals:notice_sign_confirm", args=[draft.pk]) in html


def test_the_drafter_is_told_why_they_cannot_sign(client_for, officer_commissioner):
    notice = DecisionNoticeFactory(drafted_by=officer_commissioner)
    html = client_for(officer_commissioner).get(notice.get_absolute_url()).content.decode()
    assert "Sign this decision notice" not in html
    assert p.DRAFTER_CANNOT_SIGN in html


def test_an_officer_drafter_is_told_too(client_for, officer, draft):
    html = client_for(officer).get(draft.get_absolute_url()).content.decode()
    assert p.DRAFTER_CANNOT_SIGN in html


def test_finance_sees_no_sign_button_and_no_reason(client_for, finance_approver, draft):
    html = client_for(finance_approver).get(draft.get_absolute_url()).content.decode()
    assert "Sign this decision notice" not in html
    assert "You cannot sign" not in html


def test_signing_is_post_only(client_for, commissioner, draft):
    response = client_for(commissioner).get(reverse("approvals:notice_sign", args=[draft.pk]))
    assert response.status_code == 405
    assert DecisionNotice.objects.get(pk=draft.pk).state == DecisionNoticeState.DRAFT


def test_signing_needs_the_declaration(client_for, commissioner, draft):
    response = client_for(commissioner).post(
        reverse("approvals:notice_sign", args=[draft.pk]), {"version": draft.version}
    )
    assert response.status_code == 200
    assert CONFIRM_REQUIRED in response.content.decode()
    assert DecisionNotice.objects.get(pk=draft.pk).state == DecisionNoticeState.DRAFT


def test_a_commissioner_signs_and_a_double_click_changes_nothing(client_for, commissioner, draft):
    client = client_for(commissioner)
    data = {"confirm": "on", "version": draft.version}
    url = reverse("approvals:notice_sign", args=[draft.pk])
    first = client.post(url, data, follow=True)
    draft.refresh_from_db()
    assert draft.state == DecisionNoticeState.SIGNED
    assert re.fullmatch(r"CPCC \d{4}-001", draft.number)
    assert f"Decision notice signed: {draft.number}" in first.content.decode()
    second = client.post(url, data, follow=True)
    assert second.status_code == 200
    assert f"already been signed as {draft.number}" in second.content.decode()
    assert DecisionNoticeSequence.objects.get(year=draft.year).last_number == 1


def test_the_drafter_cannot_sign_by_posting(client_for, officer_commissioner):
    notice = DecisionNoticeFactory(drafted_by=officer_commissioner)
    response = client_for(officer_commissioner).post(
        reverse("approvals:notice_sign", args=[notice.pk]),
        {"confirm": "on", "version": notice.version},
    )
    assert response.status_code == 403
    assert DecisionNotice.objects.get(pk=notice.pk).state == DecisionNoticeState.DRAFT


def test_a_signature_on_an_outdated_text_is_refused(client_for, commissioner, officer2, draft):
    update_decision_notice(notice=draft, edited_by=officer2, amount=Decimal("12345.00"))
    response = client_for(commissioner).post(
        reverse("approvals:notice_sign", args=[draft.pk]), {"confirm": "on", "version": 1}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone changed this decision notice after you opened it" in html
    assert "£12,345.00" in html  # the current text is what they are shown now
    assert DecisionNotice.objects.get(pk=draft.pk).state == DecisionNoticeState.DRAFT
