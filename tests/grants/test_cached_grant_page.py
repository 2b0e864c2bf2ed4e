"""A grant's officer page caches its summary, funding, conditions and history per version of
what they show (grants.selectors.with_page_version): a payment, an override's decision, a
condition, a save, a state change and a drafted decision notice appear on the next request, and
what one reader may do (record a payment) is never shown to another."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from grants.models import Grant, GrantCondition, GrantState
from grants.services.payments import record_payment
from tests.grants.factories import FundingStreamFactory, agree_override, make_grant

pytestmark = pytest.mark.django_db


def _page(user, grant) -> str:
    client = Client()
    client.force_login(user, backend="accounts.backends.RequestUserBackend")
    response = client.get(reverse("grants:grant_detail", args=[grant.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def grant(officer):
    return make_grant(officer, stream=FundingStreamFactory())


def _activate(grant):
    Grant.objects.filter(pk=grant.pk).update(state=GrantState.ACTIVE)
    grant.refresh_from_db()
    return grant


def test_a_payment_shows_on_the_next_request(grant, officer, finance_approver):
    grant = _activate(grant)
    assert "INV-77" not in _page(officer, grant)
    record_payment(
        grant=grant,
        commitment=grant.award.commitments.first(),
        paid_on=date(2026, 5, 1),
        amount=Decimal("10.00"),
        reference="INV-77",
        recorded_by=finance_approver,
    )
    assert "INV-77" in _page(officer, grant)


def test_an_override_and_its_decision_show_on_the_next_request(grant, officer, finance_approver):
    stream = grant.award.shares.first().stream
    assert "Budget overrides" not in _page(officer, grant)
    agree_override(grant, stream=stream, start_year=2025, amount="50", approved_by=finance_approver)
    assert f"Agreed by {finance_approver}" in _page(officer, grant)


def test_a_condition_shows_on_the_next_request(grant, officer):
    assert "Keep receipts for seven years" not in _page(officer, grant)
    GrantCondition.objects.create(grant=grant, text="Keep receipts for seven years")
    assert "Keep receipts for seven years" in _page(officer, grant)


def test_a_save_and_a_state_change_show_on_the_next_request(grant, officer):
    assert "A new purpose" not in _page(officer, grant)
    grant.purpose = "A new purpose"
    grant.save()
    body = _page(officer, grant)
    assert "A new purpose" in body and "Record a payment" not in body
    Grant.objects.filter(pk=grant.pk).update(state=GrantState.ACTIVE)  # no updated_at stamp
    assert "Active" in _page(officer, grant)


def test_a_drafted_notice_shows_on_the_next_request(grant, officer):
    assert "Not drafted yet" in _page(officer, grant)
    client = Client()
    client.force_login(officer, backend="accounts.backends.RequestUserBackend")
    client.post(reverse("grants:grant_draft_notice", args=[grant.pk]))
    assert Grant.objects.get(pk=grant.pk).decision_notice_id is not None
    assert "Not drafted yet" not in _page(officer, grant)


def test_one_readers_payment_link_is_never_shown_to_another(grant, officer, finance_approver):
    grant = _activate(grant)
    assert "Record a payment" in _page(finance_approver, grant)  # fills the cache first
    assert "Record a payment" not in _page(officer, grant)
    assert "Record a payment" in _page(finance_approver, grant)
