"""create_grant and update_grant guard their own input with the form's messages: imports, tasks
and the admin call them too. The database refuses a share or commitment of £0 or less."""

from dataclasses import replace
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction

from core.money import AMOUNT_FORMAT, AMOUNT_PENCE, AMOUNT_TOO_LARGE
from grants import services
from grants.models import Award, Commitment, FundingShare, Grant
from grants.services import GrantError, ShareInput
from tests.factories import OrganisationFactory
from tests.grants.factories import FundingStreamFactory, details, make_grant

pytestmark = pytest.mark.django_db


def _two_shares(stream, partner, first, second):
    return (ShareInput(amount=first, stream=stream), ShareInput(amount=second, partner=partner))


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (D("1000.00"), D("0.00"), "Enter an amount more than £0"),
        (D("1100.00"), D("-100.00"), "Enter an amount more than £0"),
        (D("999.995"), D("0.005"), AMOUNT_PENCE),
        (D("1E+40"), D("1.00"), AMOUNT_TOO_LARGE),
        (D("NaN"), D("1.00"), AMOUNT_FORMAT),
        ("1,25", D("1.00"), AMOUNT_FORMAT),
        (D("999.00"), D("0.99"), "less than the award"),
    ],
)
def test_create_grant_refuses_shares_the_form_refuses(officer, first, second, message):
    stream = FundingStreamFactory()
    partner = OrganisationFactory(name="NHS", public_body=True)
    with pytest.raises(GrantError) as refused:
        make_grant(officer, total="1000.00", shares=_two_shares(stream, partner, first, second))
    assert message in str(refused.value)
    assert Grant.objects.count() == Award.objects.count() == FundingShare.objects.count() == 0


def test_update_grant_refuses_a_zero_share_and_keeps_the_old_ones(officer):
    stream = FundingStreamFactory()
    grant = make_grant(officer, stream=stream, total="1000.00")
    partner = OrganisationFactory(name="NHS", public_body=True)
    changed = details(
        total="1000.00",
        recipient=grant.award.recipient,
        shares=_two_shares(stream, partner, D("1000.00"), D("0")),
    )
    with pytest.raises(GrantError, match="more than £0"):
        services.update_grant(grant=grant, details=changed, edited_by=officer)
    assert [s.amount for s in grant.award.shares.all()] == [D("1000.00")]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "Nul\x00"}, "title"),
        ({"purpose": "Nul\x00"}, "purpose"),
        ({"conditions": ("Report\x00",)}, "conditions"),
        ({"activities": (("Drop-in\x00", 4),)}, "activities"),
        ({"activities": (("Drop-in", 10**30),)}, "activities"),
        ({"activities": (("Drop-in", -1),)}, "activities"),
    ],
)
def test_create_grant_refuses_nul_bytes_and_huge_targets(officer, change, field):
    stream = FundingStreamFactory()
    with pytest.raises(GrantError) as refused:
        services.create_grant(details=replace(details(stream=stream), **change), created_by=officer)
    assert refused.value.field == field
    assert Grant.objects.count() == 0


@pytest.mark.parametrize("model", [FundingShare, Commitment])
def test_database_refuses_a_non_positive_amount(officer, model):
    stream = FundingStreamFactory()
    grant = make_grant(officer, stream=stream, total="1000.00")
    row = model.objects.filter(award=grant.award).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(amount=D("0"))
