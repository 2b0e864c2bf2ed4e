"""Two tabs save the same version of a return at the same moment: one wins, the other is told it is
stale; two submits of the same version make one submitted version (PostgreSQL: row locks)."""

import threading

import pytest
from django.db import connection

from returns import services
from returns.models import OutcomeReturn, ReturnSubmission
from tests.returns.factories import fill, scheduled


def _race(*calls):
    barrier = threading.Barrier(len(calls), timeout=10)
    done, refused = [], []

    def run(call):
        try:
            barrier.wait()
            done.append(call())
        except services.ReturnError as error:
            refused.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done, refused


@pytest.mark.django_db(transaction=True)
def test_two_tabs_saving_the_same_version(postgres, officer, provider_user, organisation):
    r = scheduled(officer, recipient=organisation)[0]

    def save(text):
        return lambda: services.save_draft(
            outcome_return=r,
            content=services.DraftContent(activity=text),
            version=r.version,
            edited_by=provider_user,
        )

    done, refused = _race(save("Tab one"), save("Tab two"))
    assert len(done) == 1 and refused == [services.STALE]
    saved = OutcomeReturn.objects.get(pk=r.pk)
    assert (saved.activity, saved.version) == (done[0].activity, r.version + 1)


@pytest.mark.django_db(transaction=True)
def test_double_clicked_submit_makes_one_version(postgres, officer, provider_user, organisation):
    r = fill(scheduled(officer, recipient=organisation)[0], provider_user)

    def submit():
        return services.submit_return(
            outcome_return=r, version=r.version, submitted_by=provider_user, confirmed=True
        )

    done, refused = _race(submit, submit)
    assert len(done) == 1 and len(refused) == 1
    assert ReturnSubmission.objects.filter(outcome_return=r).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_schedule_runs_for_one_contract_make_one_schedule(postgres, officer):
    from tests.returns.factories import let_contract

    contract = let_contract(officer)  # its activation event makes the schedule after commit
    assert OutcomeReturn.objects.filter(contract=contract).count() == 4
    OutcomeReturn.objects.filter(contract=contract).delete()

    def schedule():
        return services.generate_schedule(contract=contract)

    done, refused = _race(schedule, schedule)
    assert len(done) == 2 and not refused
    numbers = list(
        OutcomeReturn.objects.filter(contract=contract).values_list("period_number", flat=True)
    )
    assert sorted(numbers) == [1, 2, 3, 4]
