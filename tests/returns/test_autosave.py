"""Drafts save as the provider types: the form's htmx autosave saves through the service, hands back
the new version, refuses bad numbers, stale versions and closed returns in words; after the session
ends an autosave is kept and the provider is sent to sign in."""

import time

import pytest
from django.urls import reverse

from accounts.sessions import LAST_SEEN_AT
from returns.autosave import NEEDS_CORRECTING, NOT_OPEN
from returns.models import OutcomeReturn, ReturnState
from returns.services import STALE
from tests.returns.factories import scheduled, submitted

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def data(r, value="12", **extra):
    output = r.outputs.get()
    return {
        "version": r.version,
        "activity": "Typed so far",
        "impact": "",
        "star_version": "",
        f"output_{output.pk}": value,
        "autosave": "1",
    } | extra


@pytest.fixture
def r(officer, organisation):
    return scheduled(officer, recipient=organisation)[0]


def test_autosave_saves_the_draft_and_hands_back_the_version(client_for, provider_user, r):
    client = client_for(provider_user)
    url = reverse("returns:return_edit", args=[r.pk])
    response = client.post(url, data(r), **HX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft saved at" in page
    saved = OutcomeReturn.objects.get(pk=r.pk)
    assert (saved.state, saved.activity, saved.outputs.get().value) == (
        ReturnState.DRAFT,
        "Typed so far",
        12,
    )
    assert f'name="version" value="{saved.version}"' in page and "hx-swap-oob" in page
    # The next save with the handed-back version is not stale.
    again = client.post(url, data(saved, activity="More"), **HX).content.decode()
    assert "Draft saved at" in again


@pytest.mark.parametrize(
    ("change", "message"),
    [({"value": "-3"}, NEEDS_CORRECTING), ({"version": 99}, STALE)],
)
def test_autosave_refuses_in_words_and_saves_nothing(client_for, provider_user, r, change, message):
    value = change.get("value", "12")
    extra = {"version": change["version"]} if "version" in change else {}
    response = client_for(provider_user).post(
        reverse("returns:return_edit", args=[r.pk]), data(r, value, **extra), **HX
    )
    assert message in response.content.decode()
    assert OutcomeReturn.objects.get(pk=r.pk).state == ReturnState.NOT_STARTED


def test_autosave_on_a_submitted_return_says_it_is_closed(client_for, provider_user, r):
    r = submitted(r, provider_user)
    response = client_for(provider_user).post(
        reverse("returns:return_edit", args=[r.pk]), data(r), **HX
    )
    assert NOT_OPEN in response.content.decode()
    assert OutcomeReturn.objects.get(pk=r.pk).version == r.version


def test_autosave_after_the_session_ends_keeps_what_was_typed(client_for, provider_user, r):
    client = client_for(provider_user)
    url = reverse("returns:return_edit", args=[r.pk])
    session = client.session
    session[LAST_SEEN_AT] = int(time.time()) - 3 * 60 * 60
    session.save()
    response = client.post(url, data(r, activity="Typed as the session ended"), **HX)
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))
    assert OutcomeReturn.objects.get(pk=r.pk).state == ReturnState.NOT_STARTED
    client = client_for(provider_user)
    assert "Typed as the session ended" in client.get(url).content.decode()
