"""Contract returns: the schedule made when a contract is let and remade whenever its end date moves
(an extension exercised, a break notice, de-commissioning) through commissioning's events, submitted
returns never touched; contract measures in the returns; light returns by value; exactly one award
key; notifications to the officer on submission and to the provider on a review."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from commissioning.contract_services import (
    decommission_contract,
    exercise_extension,
    give_break_notice,
)
from commissioning.models import Contract
from notifications.models import Notification
from returns import services
from returns.models import OutcomeReturn, ReturnSettings
from tests.commissioning.contract_factories import ready_option
from tests.returns.factories import contract_scheduled, let_contract, submitted

pytestmark = pytest.mark.django_db


def periods(returns):
    return [(r.period_number, r.period_start, r.period_end, r.due_date) for r in returns]


@pytest.mark.parametrize(
    ("start", "initial", "expected"),
    [
        (  # starts on the 1st: whole periods
            date(2026, 4, 1),
            12,
            [
                (1, date(2026, 4, 1), date(2026, 9, 30), date(2026, 10, 30)),
                (2, date(2026, 10, 1), date(2027, 3, 31), date(2027, 4, 30)),
            ],
        ),
        (  # starts on the 31st: months without a 31st end on their last day
            date(2025, 1, 31),
            12,
            [
                (1, date(2025, 1, 31), date(2025, 7, 30), date(2025, 8, 29)),
                (2, date(2025, 7, 31), date(2026, 1, 30), date(2026, 3, 1)),
            ],
        ),
        (  # starts on 29 February
            date(2028, 2, 29),
            12,
            [
                (1, date(2028, 2, 29), date(2028, 8, 28), date(2028, 9, 27)),
                (2, date(2028, 8, 29), date(2029, 2, 28), date(2029, 3, 30)),
            ],
        ),
    ],
)
def test_contract_schedule_follows_its_term(officer, start, initial, expected):
    returns = contract_scheduled(officer, start=start, initial=initial, options=())
    assert periods(returns) == expected
    assert all(r.contract_id and r.grant_id is None for r in returns)


def test_letting_the_contract_makes_its_schedule_through_the_event(
    officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contract = let_contract(officer)
    returns = list(OutcomeReturn.objects.filter(contract=contract).order_by("period_number"))
    assert [r.period_number for r in returns] == [1, 2, 3, 4]  # 24 months from 1 April 2026
    assert returns[-1].period_end == date(2028, 3, 31)
    assert returns[0].provider_id == contract.provider_id
    outputs = list(returns[0].outputs.all())
    assert [(o.label, o.unit, o.target) for o in outputs] == [
        ("People supported", "people", 40),
        ("Repeat referrals (at most the target)", "", 5),
    ]
    assert outputs[0].measure_key.startswith("outcome_measure:")


def test_a_contract_schedule_made_again_changes_nothing(officer):
    returns = contract_scheduled(officer)
    again = services.generate_schedule(contract=returns[0].contract)
    assert periods(again) == periods(returns)


def _submitted_first(officer, provider_user, organisation):
    returns = contract_scheduled(officer, provider=organisation)
    first = submitted(returns[0], provider_user)
    return first, (first.period_start, first.period_end, first.due_date, first.state, first.version)


def _same(r, before):
    r = OutcomeReturn.objects.get(pk=r.pk)
    return (r.period_start, r.period_end, r.due_date, r.state, r.version) == before


def test_exercising_an_extension_adds_returns(
    officer, provider_user, organisation, django_capture_on_commit_callbacks
):
    first, before = _submitted_first(officer, provider_user, organisation)
    contract = first.contract
    option = ready_option(officer, contract.option_rows()[0])
    with django_capture_on_commit_callbacks(execute=True):
        exercise_extension(option=option, exercised_by=officer, today=date(2027, 9, 30))
    returns = list(OutcomeReturn.objects.filter(contract=contract).order_by("period_number"))
    assert [r.period_number for r in returns] == [1, 2, 3, 4, 5, 6]
    assert returns[-1].period_end == date(2029, 3, 31)
    assert _same(first, before)


@pytest.mark.parametrize(
    ("given_on", "numbers", "last_end"),
    [
        (date(2027, 1, 15), [1, 2, 3], date(2027, 4, 15)),  # a short last period
        (date(2026, 4, 10), [1], date(2026, 9, 30)),  # early: the submitted one untouched
    ],
)
def test_a_break_notice_removes_later_returns(
    officer,
    provider_user,
    organisation,
    django_capture_on_commit_callbacks,
    given_on,
    numbers,
    last_end,
):
    first, before = _submitted_first(officer, provider_user, organisation)
    with django_capture_on_commit_callbacks(execute=True):
        give_break_notice(
            contract=first.contract,
            party="commissioner",
            given_on=given_on,
            given_by="Sam Lee",
            reason="Service no longer needed",
            recorded_by=officer,
        )
    returns = list(OutcomeReturn.objects.filter(contract=first.contract).order_by("period_number"))
    assert [r.period_number for r in returns] == numbers
    assert returns[-1].period_end == last_end
    assert _same(first, before)


def test_decommissioning_reshapes_the_schedule(
    officer, provider_user, organisation, django_capture_on_commit_callbacks
):
    first, before = _submitted_first(officer, provider_user, organisation)
    with django_capture_on_commit_callbacks(execute=True):
        decommission_contract(
            contract=first.contract,
            reason="Needs met elsewhere",
            risks_to_service_users="Clients mid-support lose their adviser",
            mitigation="Warm handover to the hub",
            exit_plan="Cases closed or transferred by 31 May",
            provider_agreed_by="Pat Jones",
            provider_agreed_on=date(2026, 11, 1),
            ends_on=date(2027, 5, 31),
            decided_by=officer,
            today=date(2026, 12, 1),
        )
    returns = list(OutcomeReturn.objects.filter(contract=first.contract).order_by("period_number"))
    assert [(r.period_number, r.period_end) for r in returns] == [
        (1, date(2026, 9, 30)),
        (2, date(2027, 3, 31)),
        (3, date(2027, 5, 31)),
    ]
    assert _same(first, before)


@pytest.mark.parametrize(
    ("annual", "light", "outputs"),
    [("2000.00", True, 1), ("2000.01", False, 2)],
)
def test_light_contract_returns_by_value(officer, annual, light, outputs):
    r = contract_scheduled(officer, annual=annual, initial=12, options=())[0]
    assert r.light is light
    assert r.outputs.count() == outputs


def test_light_limit_is_data_for_contracts_too(officer):
    ReturnSettings.objects.update(light_return_up_to="100000.00")
    assert contract_scheduled(officer)[0].light is True


def test_a_draft_contract_gets_no_schedule(officer):
    from commissioning.contract_services import create_contract
    from tests.commissioning.contract_factories import contract_details

    contract = create_contract(details=contract_details(), created_by=officer)
    with pytest.raises(services.ReturnError, match="once the contract is let"):
        services.generate_schedule(contract=contract)


@pytest.mark.parametrize("keys", ["both", "neither"])
def test_a_return_belongs_to_exactly_one_award(officer, keys):
    from tests.returns.factories import scheduled

    grant_return = scheduled(officer)[0]
    contract = let_contract(officer, reference="C-0002")
    update = {"contract": contract} if keys == "both" else {"grant": None}
    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeReturn.objects.filter(pk=grant_return.pk).update(**update)
    assert Contract.objects.filter(pk=contract.pk).exists()


def test_submission_and_review_notify_the_officer_and_the_provider(
    officer, make_user, provider_user, organisation, django_capture_on_commit_callbacks
):
    from accounts.roles import Role

    reviewer = make_user("t_reviewer", Role.OFFICER)
    r = contract_scheduled(officer, provider=organisation)[0]
    with django_capture_on_commit_callbacks(execute=True):
        r = submitted(r, provider_user)
    note = Notification.objects.get(recipient=officer)
    assert "submitted C-0001 return 1" in note.subject and note.link == r.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(
            outcome_return=r, reviewed_by=reviewer, comment="Add the March figures"
        )
    note = Notification.objects.get(recipient=provider_user)
    assert note.subject.startswith("Changes requested to C-0001 return 1")
    assert "Add the March figures" in note.body
