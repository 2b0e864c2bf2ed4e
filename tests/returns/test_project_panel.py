"""A commissioning project's Review stage shows what its contracts' returns say: counts by state
and the latest accepted outputs beside their targets, in a constant number of queries."""

from datetime import date

import pytest
from django.urls import reverse

from commissioning.models import Contract
from commissioning.project_services import move_project_on
from returns import services
from returns.selectors import project_returns
from tests.commissioning.project_factories import project_in_do
from tests.returns.factories import contract_scheduled, submitted

pytestmark = pytest.mark.django_db


def _project_with_returns(officer, provider_user, organisation, contracts=1):
    project = project_in_do(officer)
    for n in range(contracts):
        returns = contract_scheduled(officer, provider=organisation, reference=f"C-{n + 1:04d}")
        Contract.objects.filter(pk=returns[0].contract_id).update(project=project)
        first = submitted(returns[0], provider_user)
        services.accept_return(outcome_return=first, reviewed_by=officer)
    project.refresh_from_db()
    return move_project_on(project=project, actor=officer)


def test_review_shows_counts_and_latest_accepted_outputs(
    client, officer, provider_user, organisation
):
    project = _project_with_returns(officer, provider_user, organisation)
    assert project.stage == "review"
    client.force_login(officer)
    page = client.get(reverse("commissioning:project_detail", args=[project.pk])).content.decode()
    assert "What the returns show" in page
    assert "C-0001: latest accepted outputs" in page
    assert "People supported" in page
    assert "against a target of 40" in page


def test_before_review_the_panel_is_not_shown(client, officer):
    project = project_in_do(officer)
    client.force_login(officer)
    page = client.get(reverse("commissioning:project_detail", args=[project.pk])).content.decode()
    assert "What the returns show" not in page


@pytest.mark.parametrize("contracts", [1, 3])
def test_the_summary_takes_two_queries_whatever_the_contracts(
    officer, provider_user, organisation, contracts, django_assert_num_queries
):
    project = _project_with_returns(officer, provider_user, organisation, contracts)
    with django_assert_num_queries(2):
        rows = project_returns(user=officer, project_id=project.pk, today=date(2027, 12, 1))
    assert [row.accepted for row in rows] == [1] * contracts
    assert all(row.latest_outputs for row in rows)
