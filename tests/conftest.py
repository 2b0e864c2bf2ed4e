"""Shared fixtures: one user per role, provider organisations, and the strict-CI switches."""

import os

import pytest

from accounts.roles import Role

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PASSWORD = "opcc-test-pass"


def skip_or_fail(reason: str) -> None:
    """Locally a missing service skips; under CI=true it fails (no silent skips in CI)."""
    if CI:
        pytest.fail(f"{reason} (CI=true: a missing service fails the run)")
    pytest.skip(reason)


@pytest.fixture
def make_user(db, django_user_model):
    def make(username: str, *roles: Role, **extra):
        user = django_user_model.objects.create_user(
            username=username, password=PASSWORD, email=f"{username}@example.test", **extra
        )
        for role in roles:
            user.add_role(role)
        return user

    return make


@pytest.fixture
def officer(make_user):
    return make_user("t_officer", Role.OFFICER, first_name="Olive", is_staff=True)


@pytest.fixture
def officer2(make_user):
    return make_user("t_officer2", Role.OFFICER, first_name="Otto", is_staff=True)


@pytest.fixture
def evaluator(make_user):
    return make_user("t_evaluator", Role.EVALUATOR)


@pytest.fixture
def finance_approver(make_user):
    return make_user("t_finance", Role.FINANCE)


@pytest.fixture
def commissioner(make_user):
    return make_user("t_commissioner", Role.COMMISSIONER)


@pytest.fixture
def administrator(make_user):
    return make_user("t_admin", Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def organisation(db):
    from tests.factories import OrganisationFactory

    return OrganisationFactory(name="Our Provider Trust")


@pytest.fixture
def other_organisation(db):
    from tests.factories import OrganisationFactory

    return OrganisationFactory(name="Another Provider Trust")


@pytest.fixture
def provider_user(make_user, organisation):
    from providers.models import ProviderUser

    user = make_user("t_provider", Role.PROVIDER)
    ProviderUser.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def other_provider_user(make_user, other_organisation):
    from providers.models import ProviderUser

    user = make_user("t_provider2", Role.PROVIDER)
    ProviderUser.objects.create(user=user, organisation=other_organisation)
    return user


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user."""

    def login(user):
        client.force_login(user, backend="accounts.backends.RequestUserBackend")
        return client

    return login


@pytest.fixture
def postgres(settings):
    """Use in tests that need PostgreSQL (select_for_update, real concurrency)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        if os.environ.get("CI_EXPECT_POSTGRES") == "1":
            pytest.fail("This CI pass is meant to run on PostgreSQL, but the database is not.")
        pytest.skip(
            "Needs PostgreSQL: set DATABASE_URL=postgres://… (run by .ci/run's second pass)"
        )


# Data migrations whose rows the transactional tests put back (each has an idempotent `load`).
REFERENCE_DATA_MIGRATIONS = [
    "grants.migrations.0002_reference_data",
    "approvals.migrations.0003_approval_bands",
    "commissioning.migrations.0002_procurement_reference_data",
    "returns.migrations.0002_reference_data",
    "commissioning.migrations.0004_contract_policy_data",
    "commissioning.migrations.0007_notice_policy_data",
    "commissioning.migrations.0009_score_descriptors",
    "notifications.migrations.0003_reminder_rule_data",
]


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests (live server, threads, real workers) flush the database between tests,
    which removes rows that data migrations made; put the reference data back for them."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if not (transactional or {"transactional_db", "live_server"} & set(request.fixturenames)):
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps

    for migration in REFERENCE_DATA_MIGRATIONS:
        _load_while_locked(import_module(migration).load, apps)


def _load_while_locked(load, apps, tries: int = 50) -> None:
    """SQLite's shared-cache test database answers "table is locked" while a real worker's thread
    from the test before is still finishing its write: wait for it (the loads are idempotent)."""
    import time

    from django.db import OperationalError

    for attempt in range(tries):
        try:
            load(apps, None)
            return
        except OperationalError as error:
            if "locked" not in str(error) or attempt == tries - 1:
                raise
            time.sleep(0.2)


def govuk_dates(data: dict) -> dict:
    """A form post with each ISO date ("2027-04-01") split into the GOV.UK date input's boxes."""
    import re

    out = {}
    for key, value in data.items():
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            year, month, day = value.split("-")
            out.update({f"{key}_day": day, f"{key}_month": month, f"{key}_year": year})
        else:
            out[key] = value
    return out


@pytest.fixture(autouse=True)
def _empty_cache():
    """Pages cache what they add up (per version of the data); no test sees another's."""
    from django.core.cache import cache

    cache.clear()
