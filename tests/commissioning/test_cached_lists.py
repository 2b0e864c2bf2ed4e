"""The STA and project lists are cached per version of their data (approvals.fragments): every
change a list shows must appear on the very next request, counts included, and nobody's own
filter ("only mine") is served to someone else."""

import pytest
from django.urls import reverse

from commissioning.models import SingleTenderAction
from commissioning.project_services import move_project_on, update_understand
from commissioning.services import submit_sta, update_sta
from tests.commissioning.project_factories import project_in_plan, project_in_understand
from tests.commissioning.project_factories import understand as understand_details
from tests.grants.factories import FundingStreamFactory

from .factories import make_sta, sta_details

pytestmark = pytest.mark.django_db
STAS = reverse("commissioning:sta_list")
PROJECTS = reverse("commissioning:project_list")


def _stas(client, **params):
    response = client.get(STAS, params)
    assert response.status_code == 200
    return response.content.decode(), response.context["page_obj"].paginator.count


def test_the_sta_list_shows_each_change_at_once(client_for, officer):
    client = client_for(officer)
    first = make_sta(officer, service="Telephone interpreting")
    body, count = _stas(client)
    assert "Telephone interpreting" in body and count == 1
    second = make_sta(officer, service="Sign language interpreting")
    body, count = _stas(client)
    assert "Sign language interpreting" in body and count == 2
    update_sta(
        sta=first,
        details=sta_details(service="Video interpreting", supplier=first.supplier),
        edited_by=officer,
    )
    body, _ = _stas(client)
    assert "Video interpreting" in body and "Telephone interpreting" not in body
    submit_sta(sta=SingleTenderAction.objects.get(pk=second.pk), submitted_by=officer)
    body, count = _stas(client, state="submitted")
    assert "Sign language interpreting" in body and "Video interpreting" not in body
    assert count == 1
    SingleTenderAction.objects.get(pk=first.pk).delete()  # a draft may be deleted
    body, count = _stas(client)
    assert "Video interpreting" not in body and count == 1


def test_only_mine_is_kept_per_officer(client_for, officer, officer2):
    make_sta(officer, service="Telephone interpreting")
    mine, count = _stas(client_for(officer), mine="1")
    assert "Telephone interpreting" in mine and count == 1
    theirs, count = _stas(client_for(officer2), mine="1")
    assert "Telephone interpreting" not in theirs and count == 0


@pytest.mark.parametrize("sort", ["reference", "-reference", "supplier", "-value", "state"])
def test_every_sta_column_sorts(client_for, officer, sort):
    older = make_sta(officer, service="Older one")
    newer = make_sta(officer, service="Newer one")
    body, _ = _stas(client_for(officer), sort=sort)
    assert older.reference in body and newer.reference in body
    if sort == "reference":
        assert body.index(older.reference) < body.index(newer.reference)
    if sort == "-reference":
        assert body.index(newer.reference) < body.index(older.reference)


def _projects(client, **params):
    response = client.get(PROJECTS, params)
    assert response.status_code == 200
    return response.content.decode(), response.context["page_obj"].paginator.count


def test_the_project_list_shows_each_change_at_once(client_for, officer):
    client = client_for(officer)
    project = project_in_understand(officer, title="Hate crime support")
    body, count = _projects(client)
    assert "Hate crime support" in body and count == 1
    project_in_understand(officer, title="Stalking advocacy")
    body, count = _projects(client)
    assert "Stalking advocacy" in body and "Projects (2)" in body and count == 2
    update_understand(
        project=project,
        details=understand_details(title="Hate crime casework"),
        actor=officer,
        version=None,
    )
    body, _ = _projects(client)
    assert "Hate crime casework" in body and "Hate crime support" not in body
    body, count = _projects(client, stage="plan")
    assert count == 0 and "Hate crime casework" not in body
    move_project_on(project=project, actor=officer)
    body, count = _projects(client, stage="plan")
    assert count == 1 and "Hate crime casework" in body


def test_the_project_filter_offers_a_new_stream_at_once(client_for, officer):
    client = client_for(officer)
    project_in_plan(officer)
    body, _ = _projects(client)
    assert "Serious violence fund" not in body
    FundingStreamFactory(name="Serious violence fund")
    body, _ = _projects(client)
    assert "Serious violence fund" in body
