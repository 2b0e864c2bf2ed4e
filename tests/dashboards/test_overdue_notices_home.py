"""The officer's home page lists procurement notices past their due date, in a fixed number of
queries however many there are."""

import random
from datetime import date

import pytest
from django.urls import reverse

from commissioning.models import ProcurementNotice
from commissioning.project_scale import bulk_projects
from tests.commissioning.project_factories import regulated_project_in_do

pytestmark = pytest.mark.django_db


def test_overdue_notices_show_on_the_officers_home_page(client_for, officer, finance_approver):
    project = regulated_project_in_do(officer)  # market engagement due 30 April 2026
    body = client_for(officer).get(reverse("dashboards:home")).content.decode()
    assert "Procurement notices overdue" in body
    assert f"{project.reference} {project.title}" in body
    assert "preliminary market engagement notice was due 30 April 2026" in body
    body = client_for(finance_approver).get(reverse("dashboards:home")).content.decode()
    assert "Procurement notices overdue" not in body


@pytest.mark.parametrize("count", [5, 300])
def test_the_home_page_query_count_does_not_grow(
    client_for, officer, django_assert_max_num_queries, count
):
    bulk_projects(officer=officer, count=count, rng=random.Random(3), today=date(2026, 6, 1))
    assert ProcurementNotice.objects.filter(published_on__isnull=True).exists()
    client = client_for(officer)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("dashboards:home"))
    assert response.status_code == 200
