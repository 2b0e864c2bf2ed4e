"""Decision notice numbering rules: the format and the London calendar year of signing."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import timezone

from approvals import rules

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
PARIS = ZoneInfo("Europe/Paris")
AUCKLAND = ZoneInfo("Pacific/Auckland")


@pytest.mark.parametrize(
    ("year", "sequence", "expected"),
    [
        (2026, 1, "CPCC 2026-001"),
        (2026, 9, "CPCC 2026-009"),
        (2026, 10, "CPCC 2026-010"),
        (2016, 13, "CPCC 2016-013"),  # the source's own example
        (2026, 999, "CPCC 2026-999"),
        (2026, 1000, "CPCC 2026-1000"),  # a busy year grows a digit rather than wrapping
    ],
)
def test_number_format(year, sequence, expected):
    assert rules.format_notice_number(year, sequence) == expected


@pytest.mark.parametrize(("year", "sequence"), [(2026, 0), (2026, -1), (999, 1), (10000, 1)])
def test_number_format_refuses_impossible_numbers(year, sequence):
    with pytest.raises(ValueError):
        rules.format_notice_number(year, sequence)


@override_settings(DECISION_NOTICE_PREFIX="PCC")
def test_prefix_is_configuration_not_code():
    assert rules.format_notice_number(2026, 4) == "PCC 2026-004"


@pytest.mark.parametrize(
    ("moment", "year"),
    [
        # The last second of the year and the first of the next, on London's calendar (GMT).
        (datetime(2026, 12, 31, 23, 59, 59, tzinfo=LONDON), 2026),
        (datetime(2027, 1, 1, 0, 0, 0, tzinfo=LONDON), 2027),
        (datetime(2027, 1, 1, 0, 30, tzinfo=LONDON), 2027),
        (datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC), 2026),
        (datetime(2027, 1, 1, 0, 0, tzinfo=UTC), 2027),
        # Instants written in other zones count by London's calendar, not theirs.
        (datetime(2026, 12, 31, 19, 30, tzinfo=NEW_YORK), 2027),  # 00:30 on 1 Jan in London
        (datetime(2027, 1, 1, 0, 30, tzinfo=PARIS), 2026),  # 23:30 on 31 Dec in London
        (datetime(2027, 1, 1, 11, 0, tzinfo=AUCKLAND), 2026),  # 22:00 on 31 Dec in London
        # British Summer Time (UTC+1) and GMT on the clock-change days.
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), 2026),
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), 2026),
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), 2026),  # 00:30 BST on 1 July
    ],
)
def test_signing_year_is_the_london_calendar_year(moment, year):
    assert rules.signing_year(moment) == year


def test_signing_year_ignores_the_active_time_zone():
    moment = datetime(2026, 12, 31, 12, 0, tzinfo=UTC)  # already 2027 in Auckland
    with override_settings(TIME_ZONE="Pacific/Auckland"), timezone.override(AUCKLAND):
        assert timezone.localtime(moment).year == 2027
        assert rules.signing_year(moment) == 2026


def test_signing_year_refuses_a_naive_time():
    with pytest.raises(ValueError, match="timezone-aware"):
        rules.signing_year(datetime(2026, 12, 31, 23, 59))


@pytest.mark.parametrize(
    ("number", "slug"),
    [("CPCC 2026-001", "CPCC-2026-001"), ("CPCC 2016-013", "CPCC-2016-013")],
)
def test_slug_round_trip(number, slug):
    assert rules.notice_slug(number) == slug
    assert rules.number_from_slug(slug) == number


@pytest.mark.parametrize(
    "slug", ["", "CPCC-2026-1", "cpcc-2026-001", "CPCC-26-001", "2026-001", "CPCC-2026-001.pdf"]
)
def test_slug_refuses_what_is_not_a_number(slug):
    assert rules.number_from_slug(slug) is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("CPCC 2026-001", "CPCC 2026-001"),
        ("cpcc-2026-001", "CPCC 2026-001"),
        ("cpcc 2026 1", "CPCC 2026-001"),
        ("2026-7", "2026-007"),
        ("2026/012", "2026-012"),
        ("youth fund", "YOUTH FUND"),
    ],
)
def test_number_search_normalises_what_people_type(typed, stored):
    assert rules.normalise_number_search(typed) == stored
