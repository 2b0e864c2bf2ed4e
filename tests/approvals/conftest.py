"""Fixtures for the decision notice tests: more people, a draft, a signed notice, and a clock for
the numbering year."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.roles import Role

from .factories import DecisionNoticeFactory, SignedDecisionNoticeFactory

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def commissioner2(make_user):
    return make_user("t_commissioner2", Role.COMMISSIONER)


@pytest.fixture
def officer_commissioner(make_user):
    """Someone holding both roles: may draft and sign, but never the same notice."""
    return make_user("t_officer_commissioner", Role.OFFICER, Role.COMMISSIONER)


@pytest.fixture
def superuser(make_user):
    """Administers (Django admin) but holds no business role unless given its group."""
    return make_user("t_superuser", is_superuser=True, is_staff=True)


@pytest.fixture
def superuser_officer(make_user):
    return make_user("t_superuser_officer", Role.OFFICER, is_superuser=True, is_staff=True)


@pytest.fixture
def draft(officer):
    return DecisionNoticeFactory(drafted_by=officer, title="Community resilience grant")


@pytest.fixture
def signed(officer, commissioner2):
    return SignedDecisionNoticeFactory(
        drafted_by=officer, signed_by=commissioner2, title="Youth Fund small grants"
    )


@pytest.fixture
def london_clock(monkeypatch):
    """london_clock(2026, 12, 31, 23, 59) makes timezone.now() that London wall-clock time."""
    from django.utils import timezone

    def set_clock(*args):
        moment = datetime(*args, tzinfo=LONDON)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_clock
