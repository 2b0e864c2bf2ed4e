"""The money forms (asking for a budget override, a payment) driven with hostile values like every other
form: never a 500, a message in the user's words, and nothing recorded when refused."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from grants.models import Grant, GrantState
from tests.core import test_hostile_input as hostile
from tests.grants.factories import FundingStreamFactory, budget, make_grant

pytestmark = pytest.mark.django_db

MONEY_REFUSED = {"nul", "long", "exponent", "comma", "huge", "emoji", "lookalike"}


@pytest.fixture(autouse=True)
def _watch_money(monkeypatch):
    monkeypatch.setattr(
        hostile,
        "WATCHED",
        (*hostile.WATCHED, "grants.BudgetOverride", "grants.Payment", "approvals.ApprovalRequest"),
    )


def test_budget_override_form(client_for, officer):
    stream = FundingStreamFactory()
    budget(stream, 2025, "100.00")
    grant = make_grant(officer, stream=stream, total="150.00")
    base = {
        "stream": str(stream.pk),
        "financial_year": "2025",
        "amount": "50.00",
        "reason": "Agreed at the budget meeting",
        "request_key": str(uuid.uuid4()),
    }
    url = reverse("grants:grant_override", args=[grant.pk])
    client = client_for(officer)  # an officer asks; finance decides in the approvals queue
    hostile._drive(client, url, base, ["amount"], refused=MONEY_REFUSED)
    hostile._drive(client, url, base, ["stream", "financial_year", "reason"])


def test_payment_form(client_for, officer, finance_approver):
    grant = make_grant(officer, stream=FundingStreamFactory(), total="1500.00")
    Grant.objects.filter(pk=grant.pk).update(state=GrantState.ACTIVE)
    base = {
        "commitment": str(grant.award.commitments.first().pk),
        "paid_on_day": "1",
        "paid_on_month": "5",
        "paid_on_year": "2026",
        "amount": "100.00",
        "reference": "INV-1",
        "request_key": str(uuid.uuid4()),
    }
    url = reverse("grants:record_payment", args=[grant.pk])
    client = client_for(finance_approver)
    hostile._drive(client, url, base, ["amount"], refused=MONEY_REFUSED)
    hostile._drive(client, url, base, ["commitment", "paid_on_day", "paid_on_year", "reference"])
