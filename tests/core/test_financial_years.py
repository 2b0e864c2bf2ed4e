"""Financial years: 1 April – 31 March, labelled 2025/26."""

from datetime import date

import pytest

from core.financial_years import FinancialYear, years_spanned


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2025, 3, 31), "2024/25"),
        (date(2025, 4, 1), "2025/26"),
        (date(2026, 3, 31), "2025/26"),
        (date(2024, 2, 29), "2023/24"),  # leap day sits in the year that started the April before
        (date(2028, 2, 29), "2027/28"),
        (date(1999, 4, 1), "1999/00"),
        (date(2025, 12, 31), "2025/26"),
        (date(2026, 1, 1), "2025/26"),
    ],
)
def test_date_maps_to_financial_year(day, label):
    assert FinancialYear.containing(day).label == label


@pytest.mark.parametrize(
    ("label", "first", "last"),
    [
        ("2025/26", date(2025, 4, 1), date(2026, 3, 31)),
        ("2023/24", date(2023, 4, 1), date(2024, 3, 31)),  # includes 29 Feb 2024
        ("1999/00", date(1999, 4, 1), date(2000, 3, 31)),
    ],
)
def test_first_and_last_day(label, first, last):
    year = FinancialYear.from_label(label)
    assert (year.first_day, year.last_day) == (first, last)
    assert year.contains(first) and year.contains(last)
    assert not year.contains(date(first.year, 3, 31))


@pytest.mark.parametrize("bad", ["2025/27", "2025-26", "25/26", "", "2025/2026"])
def test_bad_labels_refused(bad):
    with pytest.raises(ValueError):
        FinancialYear.from_label(bad)


def test_years_spanned_crosses_the_boundary():
    assert [y.label for y in years_spanned(date(2025, 3, 1), date(2026, 4, 1))] == [
        "2024/25",
        "2025/26",
        "2026/27",
    ]
    with pytest.raises(ValueError):
        years_spanned(date(2025, 4, 2), date(2025, 4, 1))
