"""The returns pages kept in the cache under the returns' data version: each change made through
the services (a schedule, a draft, evidence, a submission, a review, a grant's new title) shows on
the very next request, and an unchanged page is served from the cache."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import Grant
from returns import services, versioning
from returns.models import OutcomeReturn, ReturnsChange
from tests.documents import samples
from tests.returns.factories import fill, scheduled, submitted

pytestmark = pytest.mark.django_db


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_version_moves_with_each_change_even_one_committed_after_a_later_one(db):
    first = versioning.returns_version()
    versioning.changed()
    second = versioning.returns_version()
    assert second != first
    versioning.changed()
    versioning.changed()
    third = versioning.returns_version()
    # The newest change stays the newest, but an older one arriving late still moves the version
    # (here: one of the window's rows gone, as if it had not been committed when first read).
    ReturnsChange.objects.order_by("pk").first().delete()
    assert versioning.returns_version() not in (second, third)


def test_an_unchanged_page_comes_from_the_cache(client_for, officer, organisation, provider_user):
    r = scheduled(officer, recipient=organisation)[0]
    submitted(r, provider_user)
    staff = client_for(officer)
    for url in (
        reverse("returns:queue"),
        reverse("returns:compliance"),
        reverse("returns:return_detail", args=[r.pk]),
        reverse("returns:award_returns", args=[r.grant_id]),
    ):
        first = queries(staff, url)
        assert queries(staff, url) < first, url


def test_portal_shows_a_draft_at_once(client_for, officer, organisation, provider_user):
    r = scheduled(
        officer, recipient=organisation, start=date.today(), end=date.today() + timedelta(days=400)
    )[0]
    provider = client_for(provider_user)
    assert "Not started" in page(provider, reverse("returns:portal"))
    fill(r, provider_user)
    assert "Draft" in page(provider, reverse("returns:portal"))


def test_queue_shows_a_submission_and_drops_an_accepted_return_at_once(
    client_for, officer, officer2, organisation, provider_user
):
    r = scheduled(officer, recipient=organisation)[0]
    staff = client_for(officer2)
    assert r.grant.reference not in page(staff, reverse("returns:queue"))
    r = submitted(r, provider_user)
    assert r.grant.reference in page(staff, reverse("returns:queue"))
    services.accept_return(outcome_return=r, reviewed_by=officer2)
    assert r.grant.reference not in page(staff, reverse("returns:queue"))


def test_compliance_follows_each_submission_and_review(
    client_for, officer, organisation, provider_user
):
    from core.financial_years import financial_year_of
    from returns.cached_pages import compliance_rows

    first = scheduled(officer, recipient=organisation)[0]
    stream = first.grant.award.shares.get().stream.name
    year = financial_year_of(first.due_date)

    def counts():
        [row] = [
            row
            for row in compliance_rows(user=officer, today=date.today(), year=year)
            if row.stream == stream
        ]
        return row.submitted, row.accepted

    assert counts() == (0, 0)
    first = submitted(first, provider_user)
    assert counts() == (1, 0)  # a submission is seen at once, not after the cache expires
    services.accept_return(outcome_return=first, reviewed_by=officer)
    assert counts() == (0, 1)
    staff = client_for(officer)
    assert stream in page(staff, reverse("returns:compliance") + f"?year={year.label}")


def test_return_page_shows_a_new_draft_evidence_and_review_at_once(
    client_for, officer, organisation, provider_user
):
    r = scheduled(officer, recipient=organisation)[0]
    url = reverse("returns:return_detail", args=[r.pk])
    provider = client_for(provider_user)  # one test client: signed in again for the officer
    assert "Not given yet." in page(provider, url)
    fill(r, provider_user, activity="Evening outreach", value="17")
    text = page(provider, url)
    assert "Evening outreach" in text and "17" in text
    services.attach_evidence(
        outcome_return=OutcomeReturn.objects.get(pk=r.pk),
        file=samples.upload(samples.PDF, "Outreach.pdf"),
        uploaded_by=provider_user,
    )
    assert "Outreach.pdf" in page(provider, url)
    assert "Continue with this return" in page(provider, url)
    r = submitted(r, provider_user)
    assert "Continue with this return" not in page(provider, url)
    staff = client_for(officer)
    assert "Accept return" in page(staff, url)
    services.accept_return(outcome_return=r, reviewed_by=officer)
    text = page(staff, url)
    assert "Accept return" not in text and "is locked" in text


def test_officer_who_edited_a_return_is_not_offered_its_review(
    client_for, officer, officer2, organisation, provider_user
):
    r = submitted(scheduled(officer, recipient=organisation)[0], provider_user)
    url = reverse("returns:return_detail", args=[r.pk])
    assert "Accept return" in page(client_for(officer2), url)
    r.editors.add(officer2)  # the page is cached: the new editor moves its version
    assert "Accept return" not in page(client_for(officer2), url)
    assert "Accept return" in page(client_for(officer), url)


def test_award_page_shows_new_values_and_a_new_title_at_once(
    client_for, officer, organisation, provider_user
):
    r = scheduled(officer, recipient=organisation)[0]
    url = reverse("returns:award_returns", args=[r.grant_id])
    staff = client_for(officer)
    assert "Period 1: –" in page(staff, url)
    fill(r, provider_user, value="23")
    assert "Period 1: 23" in page(staff, url)
    grant = Grant.objects.get(pk=r.grant_id)
    grant.title = "Renamed outreach service"
    grant.save()
    assert "Renamed outreach service" in page(staff, url)


def test_a_new_schedule_shows_on_the_portal_at_once(
    client_for, officer, organisation, provider_user
):
    provider = client_for(provider_user)
    before = page(provider, reverse("returns:portal"))
    r = scheduled(
        officer, recipient=organisation, start=date.today(), end=date.today() + timedelta(days=400)
    )[0]
    assert r.grant.reference not in before
    assert r.grant.reference in page(provider, reverse("returns:portal"))


def test_another_provider_never_gets_a_cached_page(
    client_for, officer, organisation, provider_user, other_provider_user
):
    r = scheduled(officer, recipient=organisation)[0]
    for url in (
        reverse("returns:return_detail", args=[r.pk]),
        reverse("returns:award_returns", args=[r.grant_id]),
    ):
        assert client_for(provider_user).get(url).status_code == 200
        assert client_for(officer).get(url).status_code == 200
        assert client_for(other_provider_user).get(url).status_code == 404
    assert r.grant.reference not in page(client_for(other_provider_user), reverse("returns:portal"))
