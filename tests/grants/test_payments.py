"""Payments against a grant's commitments: finance only, live grants only, never past the year."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from grants import rules
from grants.models import Grant, GrantState, Payment
from grants.services import GrantError
from grants.services.payments import record_payment
from tests.grants.factories import FundingStreamFactory
from tests.grants.factories import make_grant as _make_grant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("committed", "paid", "amount", "refused"),
    [
        ("1000", "0", "1000.00", False),  # on the limit
        ("1000", "0", "1000.01", True),  # one penny over
        ("1000", "999.99", "0.01", False),
        ("1000", "999.99", "0.02", True),
        ("1000", "1000", "0.01", True),
        ("1000", "0", "0", True),
        ("1000", "0", "-5", True),
    ],
)
def test_payment_rule(committed, paid, amount, refused):
    message = rules.payment_refusal(
        committed=Decimal(committed), paid=Decimal(paid), amount=Decimal(amount)
    )
    assert bool(message) is refused


def make_grant(officer):
    return _make_grant(officer, stream=FundingStreamFactory())


@pytest.fixture
def active_grant(officer):
    grant = make_grant(officer)
    Grant.objects.filter(pk=grant.pk).update(state=GrantState.ACTIVE)
    grant.refresh_from_db()
    return grant


def _pay(grant, user, amount, **kwargs):
    commitment = kwargs.pop("commitment", None) or grant.award.commitments.first()
    return record_payment(
        grant=grant,
        commitment=commitment,
        paid_on=kwargs.pop("paid_on", date(2026, 5, 1)),
        amount=Decimal(amount),
        reference=kwargs.pop("reference", "INV-1"),
        recorded_by=user,
        **kwargs,
    )


def test_finance_records_payments_up_to_the_commitment(active_grant, finance_approver):
    commitment = active_grant.award.commitments.first()
    _pay(active_grant, finance_approver, commitment.amount - Decimal("1"))
    _pay(active_grant, finance_approver, "1")
    with pytest.raises(GrantError, match="past its commitment"):
        _pay(active_grant, finance_approver, "0.01")
    assert sum(p.amount for p in Payment.objects.all()) == commitment.amount


def test_officer_cannot_record_payments(active_grant, officer):
    with pytest.raises(GrantError, match="Only a finance approver"):
        _pay(active_grant, officer, "10")


def test_draft_grant_takes_no_payment(officer, finance_approver):
    grant = make_grant(officer)
    with pytest.raises(GrantError, match="approved or active"):
        _pay(grant, finance_approver, "10")


def test_another_grants_commitment_is_refused(active_grant, finance_approver, officer):
    other = make_grant(officer)
    with pytest.raises(GrantError, match="this grant's commitments"):
        _pay(active_grant, finance_approver, "10", commitment=other.award.commitments.first())


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reference", "  \x00 ", "payment reference"),
        ("paid_on", timezone.localdate() + timedelta(days=1), "cannot be in the future"),
    ],
)
def test_bad_input(active_grant, finance_approver, field, value, message):
    with pytest.raises(GrantError, match=message):
        _pay(active_grant, finance_approver, "10", **{field: value})


def test_same_form_twice_records_one_payment(active_grant, finance_approver):
    key = uuid.uuid4()
    first = _pay(active_grant, finance_approver, "10", request_key=key)
    second = _pay(active_grant, finance_approver, "10", request_key=key)
    assert first.pk == second.pk and Payment.objects.count() == 1


def test_payment_page(client_for, active_grant, finance_approver, officer):
    url = reverse("grants:record_payment", args=[active_grant.pk])
    assert client_for(officer).get(url).status_code == 403
    client = client_for(finance_approver)
    assert client.get(url).status_code == 200
    commitment = active_grant.award.commitments.first()
    response = client.post(
        url,
        {
            "commitment": commitment.pk,
            "paid_on_day": "1",
            "paid_on_month": "5",
            "paid_on_year": "2026",
            "amount": "100.00",
            "reference": "INV-77",
            "request_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    page = client.get(active_grant.get_absolute_url()).content.decode()
    assert "INV-77" in page
    assert "£100.00" in page
    too_much = client.post(
        url,
        {
            "commitment": commitment.pk,
            "paid_on_day": "1",
            "paid_on_month": "5",
            "paid_on_year": "2026",
            "amount": str(commitment.amount),
            "reference": "INV-78",
            "request_key": str(uuid.uuid4()),
        },
    )
    assert too_much.status_code == 200
    assert "past its commitment" in too_much.content.decode()


def test_stream_page_shows_spent(client_for, active_grant, finance_approver):
    _pay(active_grant, finance_approver, "123.45")
    stream = active_grant.award.commitments.first().stream
    page = client_for(finance_approver).get(stream.get_absolute_url()).content.decode()
    assert "£123.45" in page


@pytest.mark.parametrize("role", [Role.FINANCE])
def test_grant_page_offers_payment_to_finance_only(
    client_for, active_grant, make_user, officer, role
):
    page = client_for(make_user("f", role)).get(active_grant.get_absolute_url()).content.decode()
    assert "Record a payment" in page
    page = client_for(officer).get(active_grant.get_absolute_url()).content.decode()
    assert "Record a payment" not in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_payments_at_once_never_pass_the_commitment(postgres, make_user):
    import threading

    from django.db import connection

    officer = make_user("race_officer", Role.OFFICER)
    grant = make_grant(officer)
    Grant.objects.filter(pk=grant.pk).update(state=GrantState.ACTIVE)
    grant.refresh_from_db()
    commitment = grant.award.commitments.first()
    payers = [make_user(f"payer{i}", Role.FINANCE) for i in range(2)]
    share = (commitment.amount * Decimal("0.6")).quantize(Decimal("0.01"))
    barrier, results, lock = threading.Barrier(2), [], threading.Lock()

    def pay(user):
        try:
            barrier.wait(timeout=30)
            _pay(grant, user, share, commitment=commitment)
            outcome = "paid"
        except GrantError as exc:
            outcome = str(exc)
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=pay, args=(u,)) for u in payers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results)[1] == "paid" and "past its commitment" in sorted(results)[0]
    assert Payment.objects.filter(commitment=commitment).count() == 1
