"""The sweep that ends contracts whose current end has passed: the day after the end, not on
it; pending options lapse with it; running twice changes nothing; beat schedules the task."""

from datetime import date, timedelta

import pytest
from django.conf import settings

from audit.selectors import history_for
from commissioning.contract_services import end_expired_contracts
from commissioning.models import ContractState
from config.celery import app

from .contract_factories import active_contract

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "ended"),
    [
        (date(2028, 3, 31), False),  # the last day of a 2-year term from 1 April 2026
        (date(2028, 4, 1), True),  # the day after
    ],
)
def test_a_contract_ends_the_day_after_its_current_end(officer, today, ended):
    contract = active_contract(officer)  # 2 + 1 from 1 April 2026
    assert contract.award.end_date == date(2028, 3, 31)
    assert end_expired_contracts(today=today) == int(ended)
    contract.refresh_from_db()
    assert contract.state == (ContractState.ENDED if ended else ContractState.ACTIVE)
    option = contract.option_rows()[0]
    assert option.status == ("lapsed" if ended else "pending")


def test_the_sweep_is_idempotent_and_recorded(officer):
    contract = active_contract(officer)
    later = contract.award.end_date + timedelta(days=1)
    assert end_expired_contracts(today=later) == 1
    assert end_expired_contracts(today=later) == 0
    contract.refresh_from_db()
    assert any("ran out" in str(e.additional_data) for e in history_for(contract))


def test_beat_schedules_the_sweep():
    app.loader.import_default_modules()
    assert settings.CELERY_BEAT_SCHEDULE["end-expired-contracts"]["task"] in app.tasks
