"""A session that ends mid-form loses nothing typed: the provider's post after being signed out is
kept (server-side, for that user and page) and shown again once they sign in; never for another
user, never from a forged (cross-site) post."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from accounts.sessions import LAST_SEEN_AT
from providers.models import ProviderUser
from returns.models import OutcomeReturn, ReturnState
from tests.conftest import PASSWORD
from tests.returns.factories import scheduled

pytestmark = pytest.mark.django_db

TYPED = "We ran 14 drop-in sessions in Ashford — «quotes» and all"


def token_in(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def sign_in(client, user, next_url):
    """Through the real sign-in page (the client checks CSRF as a browser would)."""
    login = f"{reverse('accounts:login')}?next={next_url}"
    token = token_in(client.get(login).content.decode())
    return client.post(
        login,
        {"username": user.username, "password": PASSWORD, "next": next_url},
        HTTP_X_CSRFTOKEN=token,
        follow=True,
    )


def expire(client):
    session = client.session
    session[LAST_SEEN_AT] = int(time.time()) - 3 * 60 * 60  # idle longer than any timeout
    session.save()


def typed(r):
    output = r.outputs.get()
    return {
        "version": r.version,
        "activity": TYPED,
        "impact": "A case study",
        "star_version": "",
        f"output_{output.pk}": "37",
    }


@pytest.fixture
def setup(officer, organisation, provider_user):
    r = scheduled(officer, recipient=organisation)[0]
    client = Client(enforce_csrf_checks=True)
    url = reverse("returns:return_edit", args=[r.pk])
    sign_in(client, provider_user, url)
    token = token_in(client.get(url).content.decode())
    return r, client, url, token


def test_typed_values_come_back_after_signing_in_again(setup, provider_user):
    r, client, url, token = setup
    expire(client)
    response = client.post(url, typed(r) | {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert OutcomeReturn.objects.get(pk=r.pk).state == ReturnState.NOT_STARTED  # nothing saved
    login_page = client.get(response["Location"]).content.decode()
    assert "what you typed has been kept" in login_page

    page = sign_in(client, provider_user, url).content.decode()
    assert "You were signed out before your changes were saved" in page
    assert "We ran 14 drop-in sessions in Ashford — «quotes» and all" in page.replace(
        "&laquo;", "«"
    ).replace("&raquo;", "»")
    assert 'value="37"' in page
    # Shown once: the next visit shows the saved return again.
    assert TYPED not in client.get(url).content.decode()


def test_another_user_signing_in_on_the_same_browser_does_not_see_them(
    setup, make_user, organisation
):
    r, client, url, token = setup
    expire(client)
    client.post(url, typed(r) | {"csrfmiddlewaretoken": token})
    colleague = make_user("t_colleague", Role.PROVIDER)
    ProviderUser.objects.create(user=colleague, organisation=organisation)
    page = sign_in(client, colleague, url).content.decode()
    assert "You were signed out before" not in page
    assert "Ashford" not in page


def test_a_forged_post_is_never_kept(setup, provider_user):
    r, client, url, _ = setup
    expire(client)
    response = client.post(url, typed(r))  # no CSRF token: not the provider's own form
    assert response.status_code == 302
    page = sign_in(client, provider_user, url).content.decode()
    assert "You were signed out before" not in page
    assert "Ashford" not in page


def test_passwords_and_tokens_are_never_kept(rf, provider_user):
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.kept_forms import SESSION_KEY, keep_posted_form

    request = rf.post(
        "/accounts/password/",
        {"old_password": "s3cret", "new_password1": "x", "api_token": "t", "note": "kept"},
    )
    request.session = SessionStore()
    assert keep_posted_form(request, provider_user.pk)
    assert request.session[SESSION_KEY]["data"] == {"note": ["kept"]}
