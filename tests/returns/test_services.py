"""Outcome-return services: schedules through generate_schedule, drafts, submission and review."""

from datetime import date
from decimal import Decimal as D

import pytest

from grants.models import Grant, GrantState
from grants.services import change_grant_state
from returns import rules, services
from returns.models import OutcomeReturn, ReturnSettings, ReturnState, StarArea, StarVersion
from returns.permissions import EDITED_IT
from returns.services import DraftContent, ReturnError, StarInput
from tests.returns.factories import active_grant, fill, scheduled, submitted

pytestmark = pytest.mark.django_db


def periods(returns):
    return [(r.period_number, r.period_start, r.period_end, r.due_date) for r in returns]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (  # starts on the 1st: two whole periods
            date(2025, 4, 1),
            date(2026, 3, 31),
            [
                (1, date(2025, 4, 1), date(2025, 9, 30), date(2025, 10, 30)),
                (2, date(2025, 10, 1), date(2026, 3, 31), date(2026, 4, 30)),
            ],
        ),
        (  # starts on the 31st: months without a 31st end on their last day
            date(2025, 1, 31),
            date(2025, 12, 31),
            [
                (1, date(2025, 1, 31), date(2025, 7, 30), date(2025, 8, 29)),
                (2, date(2025, 7, 31), date(2025, 12, 31), date(2026, 1, 30)),
            ],
        ),
        (  # starts on 29 February; the last short period ends on the award's end
            date(2024, 2, 29),
            date(2025, 3, 31),
            [
                (1, date(2024, 2, 29), date(2024, 8, 28), date(2024, 9, 27)),
                (2, date(2024, 8, 29), date(2025, 2, 28), date(2025, 3, 30)),
                (3, date(2025, 3, 1), date(2025, 3, 31), date(2025, 4, 30)),
            ],
        ),
    ],
)
def test_schedule_follows_the_award(officer, start, end, expected):
    returns = scheduled(officer, start=start, end=end)
    assert periods(returns) == expected


def test_schedule_is_made_when_the_grant_becomes_active(
    officer, django_capture_on_commit_callbacks
):
    grant = active_grant(officer)
    Grant.objects.filter(pk=grant.pk).update(state=GrantState.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        change_grant_state(grant=Grant.objects.get(pk=grant.pk), action="activate", actor=officer)
    assert OutcomeReturn.objects.filter(grant=grant).count() == 2


def test_schedule_again_changes_nothing(officer):
    returns = scheduled(officer)
    again = services.generate_schedule(grant=returns[0].grant)
    assert [r.pk for r in again] == [r.pk for r in returns]


def test_a_grant_not_active_gets_no_schedule(officer):
    grant = active_grant(officer)
    Grant.objects.filter(pk=grant.pk).update(state=GrantState.DRAFT)
    with pytest.raises(ReturnError, match="once the grant is active"):
        services.generate_schedule(grant=grant)


def _move_end(grant, end):
    from grants.models import Award

    Award.objects.filter(pk=grant.award_id).update(end_date=end)
    return services.generate_schedule(grant=grant)


@pytest.mark.parametrize(
    ("new_end", "numbers", "last_end"),
    [
        (date(2026, 9, 30), [1, 2, 3], date(2026, 9, 30)),  # extension: one more period
        (date(2025, 12, 31), [1, 2], date(2025, 12, 31)),  # break: the last one is shorter
        (date(2025, 6, 30), [1], date(2025, 9, 30)),  # early break: submitted one untouched
    ],
)
def test_moving_the_end_leaves_submitted_returns_untouched(
    officer, provider_user, organisation, new_end, numbers, last_end
):
    first, second = scheduled(officer, recipient=organisation)
    first = submitted(first, provider_user)
    before = (first.period_end, first.due_date, first.state)
    after = _move_end(first.grant, new_end)
    assert [r.period_number for r in after] == numbers
    assert after[-1].period_end == last_end
    first = OutcomeReturn.objects.get(pk=first.pk)
    assert (first.period_end, first.due_date, first.state) == before


@pytest.mark.parametrize(
    ("total", "light", "outputs"),
    [("2000.00", True, 1), ("2000.01", False, 2), ("150.00", True, 1)],
)
def test_light_returns_up_to_the_limit(officer, total, light, outputs):
    grant = active_grant(officer, total=total)
    grant.activities.create(description="Sessions run", target=10)
    r = services.generate_schedule(grant=grant)[0]
    assert r.light is light
    assert r.outputs.count() == outputs


def test_light_limit_is_data(officer):
    ReturnSettings.objects.update(light_return_up_to=D("50000.00"))
    assert scheduled(officer, total="10000.00")[0].light is True


def test_outputs_snapshot_the_measure(officer):
    r = scheduled(officer)[0]
    grant = r.grant
    grant.activities.update(description="Renamed activity", target=99)
    output = r.outputs.get()
    assert (output.label, output.target) == ("Run weekly drop-in sessions", D("40"))


def test_draft_saves_and_counts_versions(officer, provider_user, organisation):
    r = scheduled(officer, recipient=organisation)[0]
    r = fill(r, provider_user, value="1,200")
    assert r.state == ReturnState.DRAFT
    assert r.outputs.get().value == D("1200")
    assert r.version == 2  # made at 1, one save


def test_stale_draft_is_refused_and_nothing_changes(officer, provider_user, organisation):
    r = scheduled(officer, recipient=organisation)[0]
    old_version = r.version
    fill(r, provider_user, activity="First tab")
    with pytest.raises(ReturnError, match="changed since you opened it"):
        services.save_draft(
            outcome_return=r,
            content=DraftContent(activity="Second tab"),
            version=old_version,
            edited_by=provider_user,
        )
    assert OutcomeReturn.objects.get(pk=r.pk).activity == "First tab"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", rules.NEGATIVE),
        ("twelve", rules.NOT_A_NUMBER),
        ("1e40", rules.NOT_A_NUMBER),
        ("NaN", rules.NOT_A_NUMBER),
        ("1\x00", rules.NOT_A_NUMBER),
        ("１２", rules.NOT_A_NUMBER),  # full-width digits look like 12
        ("10000000000000", rules.TOO_LARGE),
        ("1.234", rules.TOO_PRECISE),
    ],
)
def test_bad_outputs_are_refused_and_nothing_is_saved(
    officer, provider_user, organisation, value, message
):
    r = scheduled(officer, recipient=organisation)[0]
    output = r.outputs.get()
    with pytest.raises(ReturnError) as refused:
        services.save_draft(
            outcome_return=r,
            content=DraftContent(activity="Typed text", outputs={output.pk: value}),
            version=r.version,
            edited_by=provider_user,
        )
    assert refused.value.errors == {f"output_{output.pk}": message}
    r = OutcomeReturn.objects.get(pk=r.pk)
    assert (r.activity, r.state, r.outputs.get().value) == ("", ReturnState.NOT_STARTED, None)


def test_star_readings_and_distance_travelled(officer, provider_user, organisation):
    r = scheduled(officer, recipient=organisation)[0]
    star = StarVersion.objects.get(name="Justice Star")
    areas = list(StarArea.objects.filter(version=star)[:2])
    content = DraftContent(
        activity="Work",
        star_version_id=star.pk,
        star_readings={
            areas[0].pk: StarInput("14", "3.5", "6"),
            areas[1].pk: StarInput("", "", ""),  # left blank: skipped
        },
    )
    services.save_draft(
        outcome_return=r, content=content, version=r.version, edited_by=provider_user
    )
    reading = r.star_readings.get()
    assert (reading.people, reading.distance_travelled) == (14, D("2.5"))


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (StarInput("14", "0", "6"), "first"),
        (StarInput("14", "3", "11"), "latest"),
        (StarInput("0", "3", "6"), "people"),
        (StarInput("2.5", "3", "6"), "people"),
    ],
)
def test_bad_star_readings_are_refused(officer, provider_user, organisation, row, field):
    r = scheduled(officer, recipient=organisation)[0]
    star = StarVersion.objects.get(name="Justice Star")
    area = star.areas.first()
    with pytest.raises(ReturnError) as refused:
        services.save_draft(
            outcome_return=r,
            content=DraftContent(star_version_id=star.pk, star_readings={area.pk: row}),
            version=r.version,
            edited_by=provider_user,
        )
    assert list(refused.value.errors) == [f"star_{area.pk}_{field}"]


def test_submit_needs_confirmation_and_content(officer, provider_user, organisation):
    r = scheduled(officer, recipient=organisation)[0]
    with pytest.raises(ReturnError) as refused:
        services.submit_return(
            outcome_return=r, version=r.version, submitted_by=provider_user, confirmed=False
        )
    assert "confirm" in refused.value.errors
    r = fill(r, provider_user, value="")
    with pytest.raises(ReturnError, match="give a number for every output"):
        services.submit_return(
            outcome_return=r, version=r.version, submitted_by=provider_user, confirmed=True
        )
    assert OutcomeReturn.objects.get(pk=r.pk).state == ReturnState.DRAFT


def test_full_review_cycle_keeps_every_version(officer, provider_user, organisation):
    r = submitted(scheduled(officer, recipient=organisation)[0], provider_user)
    assert r.state == ReturnState.SUBMITTED
    with pytest.raises(ReturnError) as refused:
        services.request_changes(outcome_return=r, reviewed_by=officer, comment="  ")
    assert refused.value.errors == {"comment": services.COMMENT_NEEDED}
    r = services.request_changes(outcome_return=r, reviewed_by=officer, comment="Add numbers")
    assert r.state == ReturnState.CHANGES_REQUESTED
    r = fill(r, provider_user, value="15")
    r = services.submit_return(
        outcome_return=r, version=r.version, submitted_by=provider_user, confirmed=True
    )
    assert r.state == ReturnState.RESUBMITTED
    r = services.accept_return(outcome_return=r, reviewed_by=officer)
    assert r.state == ReturnState.ACCEPTED
    versions = list(r.submissions.order_by("number"))
    assert [v.content["outputs"][0]["value"] for v in versions] == ["12.00", "15.00"]
    assert [v.outcome for v in versions] == ["changes_requested", "accepted"]
    assert versions[0].review_comment == "Add numbers"


def test_accepted_return_is_locked(officer, provider_user, organisation):
    r = submitted(scheduled(officer, recipient=organisation)[0], provider_user)
    r = services.accept_return(outcome_return=r, reviewed_by=officer)
    with pytest.raises(ReturnError, match="accepted and can no longer be changed"):
        fill(r, provider_user, value="99")
    with pytest.raises(ReturnError):
        services.request_changes(outcome_return=r, reviewed_by=officer, comment="Again")
    r = OutcomeReturn.objects.get(pk=r.pk)
    assert (r.state, r.outputs.get().value) == (ReturnState.ACCEPTED, D("12"))


def test_nobody_reviews_a_return_they_edited(make_user, officer, provider_user, organisation):
    from accounts.roles import Role

    both = make_user("t_both", Role.PROVIDER, Role.OFFICER)
    from providers.models import ProviderUser

    ProviderUser.objects.create(user=both, organisation=organisation)
    r = submitted(scheduled(officer, recipient=organisation)[0], both)
    with pytest.raises(ReturnError, match=EDITED_IT):
        services.accept_return(outcome_return=r, reviewed_by=both)
    assert OutcomeReturn.objects.get(pk=r.pk).state == ReturnState.SUBMITTED


def test_only_the_provider_edits_and_only_an_officer_reviews(
    officer, provider_user, other_provider_user, organisation
):
    r = scheduled(officer, recipient=organisation)[0]
    for user in (officer, other_provider_user):
        with pytest.raises(ReturnError):
            fill(r, user)
    r = submitted(r, provider_user)
    with pytest.raises(ReturnError, match="Only a commissioning officer"):
        services.accept_return(outcome_return=r, reviewed_by=provider_user)
