"""accounts.sessions: idle timeout (30 minutes for office staff) and a 12-hour absolute lifetime."""

import time

import pytest
from django.urls import reverse

from accounts.sessions import LAST_SEEN_AT, SIGNED_IN_AT
from tests.conftest import PASSWORD

MINUTE = 60
HOUR = 60 * MINUTE


def signed_in(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def age_session(client, *, idle: int = 0, since_sign_in: int | None = None) -> None:
    """Pretend the last request was `idle` seconds ago and the sign-in `since_sign_in` ago."""
    session = client.session
    now = int(time.time())
    session[LAST_SEEN_AT] = now - idle
    session[SIGNED_IN_AT] = now - (idle if since_sign_in is None else since_sign_in)
    session.save()


def test_settings_match_the_policy(settings):
    assert settings.SESSION_IDLE_TIMEOUT_STAFF == 30 * MINUTE
    assert settings.SESSION_ABSOLUTE_LIFETIME == 12 * HOUR
    assert settings.SESSION_COOKIE_AGE <= 12 * HOUR < 14 * 24 * HOUR


def test_signing_in_stamps_the_session(client, officer):
    signed_in(client, officer)
    session = client.session
    assert abs(session[SIGNED_IN_AT] - time.time()) < 5
    assert session[LAST_SEEN_AT] == session[SIGNED_IN_AT]


@pytest.mark.parametrize(
    ("user_fixture", "idle", "still_signed_in"),
    [
        ("officer", 29 * MINUTE, True),
        ("officer", 30 * MINUTE, False),
        ("finance_approver", 31 * MINUTE, False),  # staff by role, not by the is_staff flag
        ("provider_user", 31 * MINUTE, True),
        ("provider_user", 2 * HOUR, False),
    ],
)
def test_idle_timeout(request, client, user_fixture, idle, still_signed_in):
    user = request.getfixturevalue(user_fixture)
    signed_in(client, user)
    age_session(client, idle=idle)

    response = client.get(reverse("dashboards:home"))

    if still_signed_in:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login") + "?next=/")
        page = client.get(response.url).content.decode()
        assert "You have been signed out after" in page
        assert "Sign in again to carry on." in page
        assert "_auth_user_id" not in client.session


def test_activity_refreshes_the_idle_timer(client, officer):
    signed_in(client, officer)
    age_session(client, idle=25 * MINUTE, since_sign_in=2 * HOUR)
    assert client.get(reverse("dashboards:home")).status_code == 200
    assert abs(client.session[LAST_SEEN_AT] - time.time()) < 5
    assert client.get(reverse("dashboards:home")).status_code == 200


def test_absolute_lifetime_ends_even_an_active_session(client, officer):
    signed_in(client, officer)
    age_session(client, idle=MINUTE, since_sign_in=12 * HOUR)
    response = client.get(reverse("dashboards:home"))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "signed in more than 12 hours ago" in page


def test_htmx_requests_are_sent_to_the_sign_in_page(client, officer):
    signed_in(client, officer)
    age_session(client, idle=HOUR)
    response = client.get(reverse("grants:grant_list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith(reverse("accounts:login"))
