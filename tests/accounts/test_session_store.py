"""The session store (accounts.session_store) reads a session with one plain query and otherwise
behaves as Django's database store: current sessions load, expired and unknown ones do not."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.session_store import SessionStore

pytestmark = pytest.mark.django_db


def test_the_service_uses_this_store():
    assert settings.SESSION_ENGINE == "accounts.session_store"


def test_a_saved_session_loads_in_one_query(django_assert_num_queries):
    session = SessionStore()
    session["colour"] = "blue"
    session["amount"] = "150000.01"
    session.create()
    with django_assert_num_queries(1):
        loaded = SessionStore(session.session_key).load()
    assert loaded["colour"] == "blue"
    assert loaded["amount"] == "150000.01"


@pytest.mark.parametrize(
    ("expires_in", "loads"),
    [
        (timedelta(seconds=-1), False),
        (timedelta(0), False),
        (timedelta(seconds=1), True),
        (timedelta(hours=12), True),
    ],
)
def test_a_session_loads_only_before_it_expires(expires_in, loads):
    session = SessionStore()
    session["colour"] = "blue"
    session.create()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + expires_in
    )
    store = SessionStore(session.session_key)
    assert (store.load() == {"colour": "blue"}) is loads
    # An expired key is forgotten, so the next save makes a new session rather than reviving it.
    assert (store.session_key is not None) is loads


@pytest.mark.parametrize("key", ["nosuchsessionkey00000000000000000", "a" * 40, "x' OR '1'='1"])
def test_an_unknown_or_hostile_key_loads_nothing(key):
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None


def test_a_tampered_session_loads_nothing():
    session = SessionStore()
    session["colour"] = "blue"
    session.create()
    Session.objects.filter(session_key=session.session_key).update(session_data="tampered:data")
    assert SessionStore(session.session_key).load() == {}


def test_a_signed_in_officer_stays_signed_in_and_is_signed_out_when_the_session_goes(
    client, officer
):
    client.force_login(officer, backend="accounts.backends.RequestUserBackend")
    assert client.get(reverse("dashboards:home")).status_code == 200
    Session.objects.all().delete()
    response = client.get(reverse("dashboards:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
