"""Issue 12 item 9: provider users see their own organisation's grants, read-only; 404 elsewhere."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from grants.models import Grant, GrantState, Payment
from grants.selectors import grants_visible_to
from tests.grants.factories import FundingStreamFactory, make_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def grants(officer, organisation, other_organisation):
    stream = FundingStreamFactory()
    ours = make_grant(officer, stream=stream, recipient=organisation, title="Our project")
    theirs = make_grant(officer, stream=stream, recipient=other_organisation, title="Their project")
    draft = make_grant(officer, stream=stream, recipient=organisation, title="Not decided yet")
    Grant.objects.filter(pk__in=[ours.pk, theirs.pk]).update(state=GrantState.ACTIVE)  # arrange
    commitment = ours.award.commitments.first()
    Payment.objects.create(commitment=commitment, paid_on=date(2025, 6, 1), amount=D("250.00"))
    return ours, theirs, draft


def test_one_rule_gives_the_list_and_the_object_check(provider_user, officer, grants):
    ours, theirs, draft = grants
    assert list(grants_visible_to(provider_user)) == [ours]
    assert set(grants_visible_to(officer)) == {ours, theirs, draft}


def test_a_provider_user_reads_their_own_grant(client_for, provider_user, grants):
    ours, theirs, draft = grants
    client = client_for(provider_user)
    listing = client.get(reverse("grants:grant_list")).content.decode()
    assert "Our project" in listing and "Their project" not in listing
    assert "Not decided yet" not in listing
    page = client.get(ours.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Payments to date" in text and "£250.00" in text and "Report every six months" in text
    assert "Change grant" not in text and "Record a budget override" not in text


def test_another_organisations_grant_is_not_found(client_for, provider_user, grants):
    ours, theirs, draft = grants
    client = client_for(provider_user)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("grants:grant_detail", args=[99999])).status_code == 404
    assert client.get(reverse("grants:grant_edit", args=[ours.pk])).status_code == 403


def test_the_provider_home_page_points_at_grants_and_returns(client_for, provider_user):
    text = client_for(provider_user).get("/").content.decode()
    assert reverse("returns:portal") in text  # outcome returns exist now (issue 20)
    assert reverse("grants:grant_list") in text


def test_a_provider_user_edits_only_their_own_contacts(
    client_for, provider_user, organisation, other_organisation
):
    client = client_for(provider_user)
    assert client.get(reverse("providers:contact_add", args=[organisation.pk])).status_code == 200
    other = client.get(reverse("providers:contact_add", args=[other_organisation.pk]))
    assert other.status_code == 404
    assert client.get(reverse("providers:edit", args=[organisation.pk])).status_code == 403
