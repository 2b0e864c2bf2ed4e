"""PostgreSQL: notices signed at the same instant from several threads get consecutive, unique numbers."""

import threading

import pytest
from django.db import connection

from approvals.models import DecisionNotice, DecisionNoticeSequence, DecisionNoticeState
from approvals.services import sign_decision_notice

from .factories import CommissionerFactory, DecisionNoticeFactory, OfficerFactory

THREADS = 6


def _sign_together(notices, signer, *, same_notice: bool = False):
    """Start one thread per notice, release them at once, return (numbers, errors)."""
    barrier = threading.Barrier(len(notices))
    numbers, errors = [], []
    lock = threading.Lock()

    def work(notice):
        try:
            barrier.wait(timeout=30)
            signed = sign_decision_notice(notice=notice, signed_by=signer)
            with lock:
                numbers.append(signed.number)
        except Exception as exc:
            with lock:
                errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection: close it

    threads = [threading.Thread(target=work, args=(n,)) for n in notices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a signing thread hung"
    return numbers, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_signatures_get_consecutive_unique_numbers(postgres):
    officer = OfficerFactory()
    commissioner = CommissionerFactory()
    notices = [DecisionNoticeFactory(drafted_by=officer) for _ in range(THREADS)]

    numbers, errors = _sign_together(notices, commissioner)

    assert errors == []
    year = DecisionNotice.objects.get(pk=notices[0].pk).year
    expected = [f"CPCC {year}-{n:03d}" for n in range(1, THREADS + 1)]
    assert sorted(numbers) == expected
    stored = list(
        DecisionNotice.objects.filter(state=DecisionNoticeState.SIGNED)
        .order_by("sequence")
        .values_list("number", flat=True)
    )
    assert stored == expected
    assert DecisionNoticeSequence.objects.get(year=year).last_number == THREADS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_clicks_sign_once_and_use_one_number(postgres):
    officer = OfficerFactory()
    commissioner = CommissionerFactory()
    notice = DecisionNoticeFactory(drafted_by=officer)
    # The same draft, as several stale copies (one per click), signed at the same instant.
    copies = [DecisionNotice.objects.get(pk=notice.pk) for _ in range(4)]

    numbers, errors = _sign_together(copies, commissioner)

    assert len(numbers) == 1
    assert len(errors) == 3
    assert all("already been signed" in str(e) for e in errors)
    notice.refresh_from_db()
    assert notice.number == numbers[0]
    assert DecisionNoticeSequence.objects.get(year=notice.year).last_number == 1
