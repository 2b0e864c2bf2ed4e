"""The grants list at scale: no DISTINCT, every row once under multi-valued filters, a recipient
search field instead of a select of every organisation, constant queries for every sort."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import Grant
from grants.selectors import GRANT_SORTS
from grants.services import ShareInput
from tests.factories import OrganisationFactory
from tests.grants.factories import FundingStreamFactory, make_grant, theme
from tests.grants.test_views import bulk_grants

pytestmark = pytest.mark.django_db


def titles(client, **params):
    response = client.get(reverse("grants:grant_list"), params)
    assert response.status_code == 200
    return [g.title for g in response.context["grants"]]


def test_a_grant_matching_a_filter_twice_is_listed_once(client_for, officer):
    first, second = FundingStreamFactory(), FundingStreamFactory()
    partner = OrganisationFactory(name="County Council")
    make_grant(
        officer,
        total="900.00",
        title="Co-funded",
        shares=(
            ShareInput(amount=D("300.00"), stream=first),
            ShareInput(amount=D("300.00"), stream=second),
            ShareInput(amount=D("300.00"), partner=partner),
        ),
        themes=[theme("Victims"), theme("Communities")],
    )
    make_grant(officer, stream=second, title="Second only", themes=[theme("Offenders")])
    client = client_for(officer)
    assert titles(client, stream=first.pk) == ["Co-funded"]
    assert sorted(titles(client, stream=second.pk)) == ["Co-funded", "Second only"]
    assert titles(client, theme=theme("Communities").pk) == ["Co-funded"]
    assert titles(client, theme=theme("Victims").pk, stream=second.pk) == ["Co-funded"]


def test_the_list_query_has_no_distinct(client_for, officer):
    make_grant(officer, stream=FundingStreamFactory(), title="One")
    client = client_for(officer)
    with CaptureQueriesContext(connection) as queries:
        titles(
            client, stream=Grant.objects.get().award.shares.get().stream_id, theme=1, sort="-amount"
        )
    assert not [q for q in queries.captured_queries if "DISTINCT" in q["sql"].upper()]


def test_recipient_is_a_search_field_not_a_list_of_every_organisation(client_for, officer):
    wanted = OrganisationFactory(name="Ely Mediation Service")
    other = OrganisationFactory(name="Wisbech Youth Trust")
    make_grant(officer, stream=FundingStreamFactory(), recipient=wanted, title="Mediation")
    make_grant(officer, stream=FundingStreamFactory(), recipient=other, title="Youth club")
    client = client_for(officer)
    page = client.get(reverse("grants:grant_list")).content.decode()
    assert 'name="recipient_name"' in page and 'type="search"' in page
    assert '<select class="govuk-select" id="recipient"' not in page
    assert titles(client, recipient_name="ely med") == ["Mediation"]
    assert titles(client, recipient_name="x" * 10_000) == []  # hostile length: no error
    assert titles(client, recipient=other.pk) == ["Youth club"]  # links by id still work


@pytest.mark.parametrize("sort", sorted(GRANT_SORTS))
@pytest.mark.parametrize("size", [3, 60])
def test_every_sort_and_filter_keeps_a_constant_query_count(
    client_for, officer, django_assert_max_num_queries, sort, size
):
    stream = FundingStreamFactory()
    bulk_grants(size, officer=officer, stream=stream)
    client = client_for(officer)
    params = {"sort": sort, "stream": stream.pk, "theme": theme("Victims").pk, "state": "active"}
    with django_assert_max_num_queries(12):
        response = client.get(reverse("grants:grant_list"), params)
    assert response.context["page_obj"].paginator.count == size


def test_the_cached_filter_panel_shows_a_renamed_or_new_stream_and_theme_at_once(
    client_for, officer
):
    from grants.models import PlanTheme

    stream = FundingStreamFactory(name="Stream before renaming")
    client = client_for(officer)
    url = reverse("grants:grant_list")
    assert "Stream before renaming" in client.get(url).content.decode()
    FundingStreamFactory._meta.model.objects.filter(pk=stream.pk).update(name="Stream renamed")
    theme = PlanTheme.objects.create(
        name="A brand new theme", shared_outcome="Safer streets", aim="Fewer crimes", order=99
    )
    page = client.get(url).content.decode()
    assert "Stream renamed" in page and "Stream before renaming" not in page
    assert f'<option value="{theme.pk}">A brand new theme</option>' in page
