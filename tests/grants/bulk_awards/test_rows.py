"""grants.bulk_awards.rows: one row's cells parsed, and staged as JSON."""

from datetime import date
from decimal import Decimal as D

import pytest

from grants.bulk_awards.rows import (
    import_key,
)
from tests.grants.bulk_awards.helpers import (
    check,
    csv_file,
    good_rows,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("01/05/2025", date(2025, 5, 1)),
        ("2025-05-01", date(2025, 5, 1)),
        ("1/5/2025", date(2025, 5, 1)),
    ],
)
def test_dates_day_first_or_iso(youth_fund, clubs, start, expected):
    rows = good_rows()[:1]
    rows[0][4] = start
    result = check(youth_fund, csv_file(rows))
    assert result.ok, result.errors
    assert result.rows[0].start_date == expected


def test_values_are_read_as_written(youth_fund, clubs):
    result = check(youth_fund, csv_file(good_rows()))
    assert result.ok, result.errors
    first, second, third = result.rows
    assert first.organisation == clubs[0] and first.amount == D("1250.50")
    assert second.organisation == clubs[1]
    assert [t.name for t in second.themes] == ["Offenders", "Communities"]
    assert third.organisation == clubs[2]
    assert result.total == D("4000.50")


def test_import_key_ignores_case_and_spacing():
    one = import_key(
        stream_id=1,
        organisation="Cambridge Youth Club",
        project="Summer football",
        amount=D("1250.50"),
        start=date(2025, 5, 1),
    )
    same = import_key(
        stream_id=1,
        organisation=" cambridge  youth club",
        project="SUMMER football",
        amount=D("1250.5"),
        start=date(2025, 5, 1),
    )
    other_stream = import_key(
        stream_id=2,
        organisation="Cambridge Youth Club",
        project="Summer football",
        amount=D("1250.50"),
        start=date(2025, 5, 1),
    )
    assert one == same != other_stream
    assert len(one) == 64
