"""seed_scale's contracts: every state, each with the award, share and commitments it needs;
payments on let contracts and a meeting with an open action on each active one."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from commissioning.models import Contract, ContractState
from grants.models import Commitment


@pytest.mark.django_db
def test_seed_scale_writes_contracts_with_their_money():
    call_command(
        "seed_scale", providers=20, grants=5, notices=2, stas=5, contracts=200, stdout=StringIO()
    )
    scale = Contract.objects.filter(reference__startswith="SCALE-C-")
    assert scale.count() == 200
    assert set(scale.values_list("state", flat=True)) == set(ContractState.values)
    for contract in scale.select_related("award")[:50]:
        committed = Commitment.objects.filter(award=contract.award_id).aggregate(t=Sum("amount"))
        assert committed["t"] == contract.award.total
        assert contract.award.recipient_id == contract.provider_id


@pytest.mark.django_db
def test_seed_scale_writes_payments_and_meetings_for_let_contracts():
    from commissioning.models import ContractMeeting
    from grants.models import Payment

    call_command(
        "seed_scale", providers=20, grants=5, notices=2, stas=5, contracts=100, stdout=StringIO()
    )
    scale = Contract.objects.filter(reference__startswith="SCALE-C-")
    paid = Payment.objects.filter(commitment__award__contract__in=scale)
    assert paid.exists()
    assert not paid.filter(commitment__award__contract__state=ContractState.DRAFT).exists()
    for commitment in Commitment.objects.filter(payments__in=paid).distinct()[:50]:
        assert commitment.paid <= commitment.amount
    active = scale.filter(state=ContractState.ACTIVE)
    assert ContractMeeting.objects.filter(contract__in=active).count() == active.count()
    open_ones = ContractMeeting.objects.filter(contract__in=active, actions__done_on__isnull=True)
    assert open_ones.count() == active.count()
