"""seed_scale: refuses outside local/test settings; what it writes is what the services would have."""

from collections import Counter, defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from approvals.models import DecisionNotice, DecisionNoticeSequence
from core.scale import REFUSED, default_sizes, require_throwaway_settings
from grants import rules
from grants.models import Award, Commitment, FundingShare, Grant, GrantState
from providers.models import Organisation

PUBLISHED = {GrantState.APPROVED, GrantState.ACTIVE, GrantState.CLOSED}


@pytest.fixture
def seeded(db):
    call_command("seed_scale", providers=60, grants=600, notices=90, stdout=StringIO())


@pytest.mark.parametrize(
    "module, refused",
    [
        ("config.settings.production", True),
        ("config.settings.base", True),
        ("config.settings.local", False),
        ("config.settings.test", False),
    ],
)
def test_refuses_outside_local_and_test_settings(settings, module, refused):
    settings.SETTINGS_MODULE = module
    if refused:
        with pytest.raises(CommandError, match="local or test settings"):
            require_throwaway_settings()
    else:
        require_throwaway_settings()


def test_command_refuses_under_production_settings_before_writing(db, settings):
    settings.SETTINGS_MODULE = "config.settings.production"
    with pytest.raises(CommandError) as raised:
        call_command("seed_scale", providers=5, grants=5, notices=1, stdout=StringIO())
    assert str(raised.value) == REFUSED
    assert not Grant.objects.exists()


def test_sizes_are_options_with_national_defaults():
    assert default_sizes() == {
        "providers": 5_000,
        "grants": 50_000,
        "notices": 7_500,
        "overrides": 500,
        "stas": 2_000,
        "contracts": 1_000,
        "projects": 1_000,
        "tenders": 1_000,
        "returns": 500_000,
        "notifications": 20_000,
    }


def test_writes_the_sizes_asked_for_in_a_realistic_mix(seeded):
    assert Organisation.objects.count() >= 60
    scale_grants = Grant.objects.exclude(created_by__username="officer", purpose__contains=":")
    assert scale_grants.count() >= 600
    states = Counter(Grant.objects.values_list("state", flat=True))
    assert set(states) == set(GrantState.values)  # every state present
    assert sum(states[s] for s in PUBLISHED) > 0.6 * sum(states.values())
    years = {g.award.start_date.year for g in Grant.objects.select_related("award")}
    assert len(years) >= 6


def test_shares_add_up_and_commitments_split_by_financial_year(seeded):
    shares = dict(
        FundingShare.objects.values("award_id")
        .annotate(t=Sum("amount"))
        .values_list("award_id", "t")
    )
    commitments = defaultdict(Decimal)
    for award_id, amount in Commitment.objects.values_list("award_id", "amount"):
        commitments[award_id] += amount
    for award in Award.objects.prefetch_related("shares"):
        assert shares[award.pk] == award.total
        for share in award.shares.all():
            if share.stream_id:
                split = rules.split_by_financial_year(
                    share.amount, award.start_date, award.end_date
                )
                got = dict(
                    Commitment.objects.filter(award=award, stream=share.stream).values_list(
                        "financial_year", "amount"
                    )
                )
                assert got == {y.start_year: a for y, a in split.items() if a > 0}


def test_published_grants_have_signed_notices_numbered_without_gaps(seeded):
    for grant in Grant.objects.select_related("decision_notice", "award"):
        counts = grant.state in {GrantState.AWAITING_DECISION, *PUBLISHED}
        assert grant.award.counts_against_budget == counts
        if grant.state in PUBLISHED:
            assert grant.decision_notice.state == "signed"
    signed = DecisionNotice.objects.filter(state="signed")
    by_year = defaultdict(list)
    for year, sequence in signed.values_list("year", "sequence"):
        by_year[year].append(sequence)
    for year, sequences in by_year.items():
        assert sorted(sequences) == list(range(1, len(sequences) + 1))
        assert DecisionNoticeSequence.objects.get(year=year).last_number == len(sequences)
    for notice in signed.filter(title__startswith="Release of ").prefetch_related("grants__award"):
        assert notice.amount == sum(g.award.total for g in notice.grants.all())
        assert notice.signed_by_id != notice.drafted_by_id


def test_refuses_a_second_run(seeded):
    with pytest.raises(CommandError, match="already holds"):
        call_command("seed_scale", providers=5, grants=5, notices=1, stdout=StringIO())


def test_notifications_fill_the_centre_and_the_operations_page(seeded):
    from notifications.models import EmailState, Notification, SweepRun

    # at most ten per seeded organisation, so a small run stays small
    assert Notification.objects.filter(idempotency_key__startswith="scale:").count() == 600
    states = Counter(Notification.objects.values_list("email_state", flat=True))
    assert states[EmailState.SENT] > states[EmailState.FAILED] > 0
    assert Notification.objects.filter(recipient__username="officer", read_at=None).exists()
    assert SweepRun.objects.count() == 365 * len(settings.DAILY_SWEEPS)
