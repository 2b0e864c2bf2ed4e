"""Financial years: 1 April to 31 March, labelled like 2025/26."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import total_ordering

from dateutil.relativedelta import relativedelta

FIRST_MONTH = 4  # April
_LABEL = re.compile(r"^(\d{4})/(\d{2})$")


@total_ordering
@dataclass(frozen=True)
class FinancialYear:
    """The financial year starting on 1 April of `start_year`."""

    start_year: int

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        return cls(day.year if day.month >= FIRST_MONTH else day.year - 1)

    @classmethod
    def from_label(cls, label: str) -> FinancialYear:
        match = _LABEL.match(label.strip())
        if not match:
            raise ValueError(f"“{label}” is not a financial year like 2025/26")
        start = int(match.group(1))
        if (start + 1) % 100 != int(match.group(2)):
            raise ValueError(
                f"“{label}” is not a financial year: the two years must be consecutive"
            )
        return cls(start)

    @property
    def first_day(self) -> date:
        return date(self.start_year, FIRST_MONTH, 1)

    @property
    def last_day(self) -> date:
        return self.first_day + relativedelta(years=1, days=-1)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1)

    def __str__(self) -> str:
        return self.label

    def __lt__(self, other: FinancialYear) -> bool:
        return self.start_year < other.start_year

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


def financial_year_of(day: date) -> FinancialYear:
    return FinancialYear.containing(day)


def years_spanned(start: date, end: date) -> list[FinancialYear]:
    """Every financial year that the period start..end (inclusive) touches, in order."""
    if end < start:
        raise ValueError("The period ends before it starts")
    first, last = FinancialYear.containing(start), FinancialYear.containing(end)
    return [FinancialYear(y) for y in range(first.start_year, last.start_year + 1)]
