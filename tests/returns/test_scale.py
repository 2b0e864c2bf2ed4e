"""seed_scale's returns: each seeded return matches the schedule rules; submitted ones have a version."""

from io import StringIO

import pytest
from django.core.management import call_command

from returns import rules
from returns.models import OutcomeReturn, ReturnState, ReturnSubmission

pytestmark = pytest.mark.django_db


def test_seeded_returns_follow_the_schedule():
    call_command(
        "seed_scale", providers=30, grants=200, notices=30, stas=5, contracts=20, stdout=StringIO()
    )
    returns = list(OutcomeReturn.objects.select_related("grant__award", "contract__award"))
    assert any(r.grant_id for r in returns) and any(r.contract_id for r in returns)
    for r in returns[:400]:
        award = r.award_object.award
        periods = rules.return_periods(
            award.start_date, award.end_date, months=6, due_after_days=30
        )
        p = periods[r.period_number - 1]
        assert (p.starts, p.ends, p.due) == (r.period_start, r.period_end, r.due_date)
        assert r.provider_id == award.recipient_id
    not_started = OutcomeReturn.objects.filter(state=ReturnState.NOT_STARTED)
    assert not ReturnSubmission.objects.filter(outcome_return__in=not_started).exists()
    assert not OutcomeReturn.objects.filter(
        submitted_at__isnull=False, submissions__isnull=True
    ).exists()
    assert not OutcomeReturn.objects.filter(outputs__isnull=True).exists()
    # Written by COPY on PostgreSQL with keys taken from the sequence: the next insert still fits.
    last = OutcomeReturn.objects.order_by("pk").last()
    last.pk, last.period_number = None, 99
    last.save(force_insert=True)
    assert last.pk > max(r.pk for r in returns)
