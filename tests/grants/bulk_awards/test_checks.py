"""grants.bulk_awards.checks: every row checked against the stream, directory, themes, budget."""

from decimal import Decimal as D

import pytest

from core.imports import RowError, error_text
from grants import bulk_awards, services
from grants.bulk_awards import BulkAwardError
from grants.bulk_awards.checks import (
    AMOUNT_OVER_MAXIMUM_MESSAGE,
    DUPLICATE_ROW_MESSAGE,
    END_BEFORE_START_MESSAGE,
    NO_ROWS_MESSAGE,
    ORGANISATION_UNKNOWN_MESSAGE,
    PROJECT_TOO_LONG_MESSAGE,
    STREAM_PAUSED_MESSAGE,
    THEME_MISSING_MESSAGE,
    THEME_UNKNOWN_MESSAGE,
)
from grants.bulk_awards.columns import (
    AMOUNT,
    END_DATE,
    ORGANISATION,
    PROJECT,
    PURPOSE,
    START_DATE,
    THEME,
)
from grants.bulk_awards.rows import (
    AMOUNT_INVALID_MESSAGE,
    AMOUNT_MISSING_MESSAGE,
    AMOUNT_NOT_POSITIVE_MESSAGE,
    AMOUNT_PENNY_MESSAGE,
    DATE_INVALID_MESSAGE,
    DATE_MISSING_MESSAGE,
    ORGANISATION_MISSING_MESSAGE,
    PROJECT_MISSING_MESSAGE,
    PURPOSE_MISSING_MESSAGE,
)
from grants.models import FundingStream
from tests.grants.bulk_awards.helpers import (
    MAX,
    NOTHING,
    THEMES,
    check,
    counts,
    csv_file,
    good_rows,
    many_rows,
    run_import,
)
from tests.grants.factories import budget, make_grant

pytestmark = pytest.mark.django_db

# ----- one bad cell: the right row, column and message -----


ROW_CASES = [
    (
        "over maximum",
        {3: "£2,000.01"},
        AMOUNT,
        AMOUNT_OVER_MAXIMUM_MESSAGE.format(stream="Youth Fund", maximum=MAX, amount="£2,000.01"),
    ),
    (
        "unknown organisation",
        {0: "Nobody Trust"},
        ORGANISATION,
        ORGANISATION_UNKNOWN_MESSAGE.format(name="Nobody Trust"),
    ),
    ("no organisation", {0: ""}, ORGANISATION, ORGANISATION_MISSING_MESSAGE),
    ("no project", {1: " "}, PROJECT, PROJECT_MISSING_MESSAGE),
    ("project too long", {1: "x" * 201}, PROJECT, PROJECT_TOO_LONG_MESSAGE.format(limit=200)),
    ("no purpose", {2: ""}, PURPOSE, PURPOSE_MISSING_MESSAGE),
    ("no amount", {3: ""}, AMOUNT, AMOUNT_MISSING_MESSAGE),
    ("amount not money", {3: "lots"}, AMOUNT, AMOUNT_INVALID_MESSAGE.format(value="lots")),
    ("fraction of a penny", {3: "£10.005"}, AMOUNT, AMOUNT_PENNY_MESSAGE.format(value="£10.005")),
    ("zero", {3: "£0.00"}, AMOUNT, AMOUNT_NOT_POSITIVE_MESSAGE),
    ("negative", {3: "-5"}, AMOUNT, AMOUNT_NOT_POSITIVE_MESSAGE),
    (
        "impossible date",
        {4: "31/02/2025"},
        START_DATE,
        DATE_INVALID_MESSAGE.format(value="31/02/2025"),
    ),
    (
        "American date",
        {4: "05/31/2025"},
        START_DATE,
        DATE_INVALID_MESSAGE.format(value="05/31/2025"),
    ),
    ("no start date", {4: ""}, START_DATE, DATE_MISSING_MESSAGE.format(column_lower="start date")),
    ("no end date", {5: ""}, END_DATE, DATE_MISSING_MESSAGE.format(column_lower="end date")),
    ("end before start", {5: "30/04/2025"}, END_DATE, END_BEFORE_START_MESSAGE),
    (
        "unknown theme",
        {6: "Communities; Dragons"},
        THEME,
        THEME_UNKNOWN_MESSAGE.format(names="“Dragons”", themes=THEMES),
    ),
    ("no theme", {6: " ; "}, THEME, THEME_MISSING_MESSAGE.format(themes=THEMES)),
]


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [case[1:] for case in ROW_CASES],
    ids=[case[0] for case in ROW_CASES],
)
def test_each_row_problem_names_row_and_column(youth_fund, clubs, change, column, message):
    rows = good_rows()
    for index, value in change.items():
        rows[1][index] = value  # the second award: spreadsheet row 3
    result = check(youth_fund, csv_file(rows))
    assert result.errors == [RowError(3, column, message)]
    assert [r.number for r in result.rows] == [2, 3, 4]
    assert not result.ok


@pytest.mark.parametrize(
    ("amount", "accepted"),
    [
        ("£2,000.00", True),
        ("2000", True),
        ("£1,999.99", True),
        ("£2,000.01", False),
        ("£0.01", True),
        ("£0.00", False),
    ],
)
def test_youth_fund_maximum_award_edges(youth_fund, clubs, amount, accepted):
    rows = good_rows()[:1]
    rows[0][3] = amount
    assert check(youth_fund, csv_file(rows)).ok is accepted


def test_a_file_with_no_awards(youth_fund):
    result = check(
        youth_fund, csv_file([["", "", "", "", "", "", ""], [" ", "", " ", "", "", "", ""]])
    )
    assert result.errors == [RowError(0, "", NO_ROWS_MESSAGE)]


def test_blank_lines_are_skipped_but_row_numbers_stay_true(youth_fund, clubs):
    rows = good_rows()
    rows[2][0] = "Nobody Trust"
    content = csv_file(rows[:2]) + b"\r\n,,,,,,\r\n" + csv_file(rows[2:])[len(csv_file([])) :]
    result = check(youth_fund, content)
    # header 1, awards 2 and 3, an empty line 4, a line of empty cells 5, the third award 6
    assert [r.number for r in result.rows] == [2, 3, 6]
    assert result.errors == [
        RowError(6, ORGANISATION, ORGANISATION_UNKNOWN_MESSAGE.format(name="Nobody Trust"))
    ]


def test_paused_stream_refuses_the_file(youth_fund, clubs, officer):
    services.change_stream_status(
        stream=youth_fund, action="pause", actor=officer, reason="Fund under review"
    )
    youth_fund.refresh_from_db()
    result = check(youth_fund, csv_file(good_rows()))
    assert result.errors == [RowError(0, "", STREAM_PAUSED_MESSAGE.format(stream="Youth Fund"))]
    with pytest.raises(BulkAwardError):
        run_import(youth_fund, csv_file(good_rows()), officer)
    assert counts() == NOTHING


def test_duplicate_rows_within_the_file(youth_fund, clubs):
    rows = good_rows()
    again = list(rows[0])
    again[0] = "CAMBRIDGE YOUTH CLUB"  # same organisation, project and amount
    again[4] = "01/06/2025"  # a different start date does not make it a different award
    different_amount = list(rows[0])
    different_amount[3] = "£1,250.51"
    result = check(youth_fund, csv_file([*rows, again, different_amount]))
    assert result.errors == [RowError(5, "", DUPLICATE_ROW_MESSAGE.format(first=2))]
    assert error_text(result.errors[0]) == (
        "Row 5: Row 2 has the same organisation, project and amount: list each award once"
    )


def test_budget_running_total_names_the_row_that_tips_it_over(officer, clubs):
    stream = FundingStream.objects.get(short_name="Youth Fund")
    budget(stream, 2025, "4000.00")
    already = make_grant(officer, stream=stream, total="500.00")
    services.draft_decision_notice_for_grant(grant=already, drafted_by=officer)
    services.submit_grant_for_decision(grant=already, submitted_by=officer)
    # £3,500.00 left in 2025/26
    amounts = ["£1,000.00", "£1,500.00", "£800.00", "£500.00", "£200.00"]
    rows = []
    for n, amount in enumerate(amounts):
        rows.append(
            [
                clubs[n % 3].name,
                f"Project {n}",
                "Activities",
                amount,
                "01/05/2025",
                "31/07/2025",
                "Communities",
            ]
        )
    rows.append(  # next year has no budget at all
        [clubs[0].name, "Next year", "Activities", "£100.00", "01/04/2026", "30/04/2026", "Victims"]
    )
    result = check(stream, csv_file(rows))
    message = "Youth Fund has too little budget left in {year}: short by {gap}"
    assert result.errors == [
        # row 5 is the first over: £3,800.00 asked of £3,500.00 left
        RowError(5, AMOUNT, message.format(year="2025/26", gap="£300.00")),
        # every later row in that year is refused too, with the file's shortfall so far
        RowError(6, AMOUNT, message.format(year="2025/26", gap="£500.00")),
        RowError(7, AMOUNT, message.format(year="2026/27", gap="£100.00")),
    ]
    assert [(y.year.label, y.available, y.in_file) for y in result.years] == [
        ("2025/26", D("3500.00"), D("4000.00")),
        ("2026/27", D("0.00"), D("100.00")),
    ]


def test_an_award_across_two_years_is_split_between_their_budgets(officer, clubs):
    stream = FundingStream.objects.get(short_name="Youth Fund")
    budget(stream, 2025, "1000.00")
    budget(stream, 2026, "1000.00")
    row = [clubs[0].name, "Winter league", "Football", "£1,800.00", "01/10/2025", "30/09/2026"]
    result = check(stream, csv_file([[*row, "Communities"]]))
    assert result.ok, result.errors
    split = {y.year.label: y.in_file for y in result.years}
    assert sum(split.values()) == D("1800.00") and set(split) == {"2025/26", "2026/27"}


# ----- how many queries: checking and importing are both constant -----

# Five reads for any size: organisations, themes, earlier imports, budgets, commitments.
CHECK_QUERIES = 5
# Measured on SQLite: 60-64 for 1, 10 or 100 rows: the grants are made, linked and sent for


@pytest.mark.parametrize("size", [10, 100])
def test_checking_a_file_takes_the_same_queries_for_any_size(
    youth_fund, clubs, size, django_assert_max_num_queries
):
    award_file = bulk_awards.read_award_file(
        content=csv_file(many_rows(size, clubs)), filename="a.csv", stream_id=youth_fund.pk
    )
    with django_assert_max_num_queries(CHECK_QUERIES):
        result = bulk_awards.check_bulk_awards(stream=youth_fund, award_file=award_file)
    assert result.ok and len(result.rows) == size
