"""Table-driven edges of the contract-term rules: N plus M, end dates, deadlines, timelines."""

from datetime import date, timedelta

import pytest

from commissioning.contract_terms import (
    OptionStatus,
    break_end,
    decision_deadline,
    describe_term,
    meeting_dates,
    next_meeting,
    term_end,
    term_errors,
    timeline,
)

P, E, D, L = (
    OptionStatus.PENDING,
    OptionStatus.EXERCISED,
    OptionStatus.DECLINED,
    OptionStatus.LAPSED,
)


@pytest.mark.parametrize(
    ("initial", "options", "valid"),
    [
        (36, [12], True),  # 3 + 1
        (24, [12], True),  # 2 + 1
        (12, [12], True),  # 1 + 1
        (24, [12, 12], True),  # 2 + 1 + 1: options total exactly the initial term
        (24, [24], True),  # 2 + 2
        (24, [], True),  # no options
        (12, [24], False),  # 1 + 2
        (24, [12, 12, 12], False),  # 2 + 1 + 1 + 1
        (24, [25], False),  # one month over
        (24, [12, 0], False),  # an option of zero length
        (24, [-1], False),
        (0, [], False),
        (601, [], False),
    ],
)
def test_n_plus_m_rule(initial, options, valid):
    assert (term_errors(initial, options) == []) is valid


def test_n_plus_m_message_names_both_totals():
    assert term_errors(24, [24, 12]) == [
        "The extensions total 36 months but the initial term is 24 months: together the "
        "extension options may not be longer than the initial term"
    ]


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 4, 1), 36, date(2028, 3, 31)),  # financial-year aligned
        (date(2025, 3, 31), 12, date(2026, 3, 30)),
        (date(2025, 4, 1), 12, date(2026, 3, 31)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # leap-day start, no 29 Feb next year
        (date(2024, 2, 29), 48, date(2028, 2, 28)),  # the corresponding day exists again
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # no 31 February: fills the month
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 1, 30), 1, date(2025, 2, 28)),
        (date(2025, 3, 1), 1, date(2025, 3, 31)),
        (date(2025, 2, 28), 12, date(2026, 2, 27)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
    ],
)
def test_term_end(start, months, end):
    assert term_end(start, months) == end


def test_term_end_refuses_zero_months():
    with pytest.raises(ValueError):
        term_end(date(2025, 4, 1), 0)


@pytest.mark.parametrize(
    ("end", "lead", "deadline"),
    [
        (date(2028, 3, 31), 6, date(2027, 9, 30)),  # no 31 September
        (date(2026, 8, 31), 6, date(2026, 2, 28)),
        (date(2028, 8, 31), 6, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), 3, date(2025, 12, 31)),
    ],
)
def test_decision_deadline(end, lead, deadline):
    assert decision_deadline(end, lead) == deadline


@pytest.mark.parametrize(
    ("options", "current_end", "latest_end"),
    [
        ([(12, P)], date(2027, 3, 31), date(2028, 3, 31)),
        ([(12, E)], date(2028, 3, 31), date(2028, 3, 31)),
        ([(12, E), (12, P)], date(2028, 3, 31), date(2029, 3, 31)),
        ([(12, D), (12, L)], date(2027, 3, 31), date(2027, 3, 31)),
    ],
)
def test_timeline_current_and_latest_end(options, current_end, latest_end):
    result = timeline(date(2025, 4, 1), 24, options, lead_months=6)
    assert result.initial_end == date(2027, 3, 31)
    assert result.current_end == current_end
    assert result.latest_end == latest_end


def test_timeline_option_windows_and_deadlines_follow_each_other():
    result = timeline(date(2025, 4, 1), 24, [(12, E), (6, P)], lead_months=6)
    first, second = result.options
    assert (first.starts, first.ends, first.deadline) == (
        date(2027, 4, 1),
        date(2028, 3, 31),
        date(2026, 9, 30),
    )
    assert (second.starts, second.ends, second.deadline) == (
        date(2028, 4, 1),
        date(2028, 9, 30),
        date(2027, 9, 30),
    )
    assert result.next_option() == second


def test_timeline_ended_early_cuts_the_end():
    result = timeline(date(2025, 4, 1), 36, [(12, P)], lead_months=6, ended_on=date(2026, 6, 30))
    assert result.current_end == date(2026, 6, 30)
    assert result.latest_end == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("given", "months", "stated", "end"),
    [
        (date(2026, 1, 15), 3, None, date(2026, 4, 15)),
        (date(2026, 1, 15), 3, date(2026, 4, 14), date(2026, 4, 15)),  # earlier than allowed
        (date(2026, 1, 15), 3, date(2026, 6, 30), date(2026, 6, 30)),  # later is allowed
        (date(2025, 11, 30), 3, None, date(2026, 2, 28)),
    ],
)
def test_break_end(given, months, stated, end):
    assert break_end(given, months, stated) == end


@pytest.mark.parametrize(
    ("initial", "options", "text"),
    [
        (36, [12], "3 + 1 years"),
        (24, [12, 12], "2 + 1 + 1 years"),
        (12, [], "1 year"),
        (24, [], "2 years"),
        (18, [6], "18 + 6 months"),
    ],
)
def test_describe_term(initial, options, text):
    assert describe_term(initial, options) == text


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 4, 1), date(2028, 3, 31)),
        (date(2025, 1, 31), date(2026, 6, 15)),  # month ends, and a last meeting cut short
        (date(2024, 2, 29), date(2027, 2, 28)),
    ],
)
def test_next_meeting_agrees_with_the_whole_list(start, end):
    dates = meeting_dates(start, end)
    day = start - timedelta(days=40)
    while day <= end + timedelta(days=40):
        expected = next((d for d in dates if d >= day), None)
        assert next_meeting(start, end, day) == expected, day
        day += timedelta(days=1)
