"""seed_scale's contracts: every state, each with the award, share and commitments it needs."""

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
