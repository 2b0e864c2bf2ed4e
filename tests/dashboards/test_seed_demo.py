"""seed_demo loads a superuser with a public password: only local/test settings or a throwaway flag."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from dashboards.management.commands.seed_demo import REFUSAL
from tests.config.test_settings import real_key, run


@pytest.mark.django_db
def test_refuses_when_settings_do_not_allow_demo_data(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError) as refused:
        call_command("seed_demo")
    assert str(refused.value) == REFUSAL
    assert not User.objects.exists()


@pytest.mark.django_db
def test_refuses_when_settings_say_nothing(settings):
    del settings.DEMO_DATA_ALLOWED
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_throwaway_flag_loads_demo_data_anyway(settings):
    settings.DEMO_DATA_ALLOWED = False
    call_command("seed_demo", "--throwaway-stack", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.filter(username="admin", is_superuser=True).exists()


@pytest.mark.django_db
def test_test_settings_allow_demo_data():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.filter(username="officer").exists()


def test_production_settings_refuse_before_touching_the_database():
    result = run(
        "config.settings.production",
        ["manage.py", "seed_demo"],
        SECRET_KEY=real_key(),
        ALLOWED_HOSTS="commissioning.opcc.example",
        # Unreachable on purpose: the refusal must come before any connection.
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",
    )
    assert result.returncode != 0
    assert "Demo data was not loaded" in result.stderr
    assert "--throwaway-stack" in result.stderr
