"""Youth Fund bulk awards: every row checked, every problem shown, all rows imported or none."""

import io
import threading
import uuid
from datetime import date, datetime
from decimal import Decimal as D

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.urls import reverse

from approvals.models import DecisionNotice
from core.imports import RowError
from grants import bulk_awards, services
from grants.bulk_awards import BulkAwardError
from grants.models import Award, Commitment, FundingStream, Grant, GrantState
from grants.resources import (
    ALREADY_IMPORTED_MESSAGE,
    AMOUNT,
    AMOUNT_INVALID_MESSAGE,
    AMOUNT_MISSING_MESSAGE,
    AMOUNT_NOT_POSITIVE_MESSAGE,
    AMOUNT_OVER_MAXIMUM_MESSAGE,
    AMOUNT_PENNY_MESSAGE,
    COLUMNS,
    DATE_INVALID_MESSAGE,
    DATE_MISSING_MESSAGE,
    DUPLICATE_ROW_MESSAGE,
    END_BEFORE_START_MESSAGE,
    END_DATE,
    MISSING_COLUMNS_MESSAGE,
    NO_ROWS_MESSAGE,
    ORGANISATION,
    ORGANISATION_MISSING_MESSAGE,
    ORGANISATION_UNKNOWN_MESSAGE,
    PROJECT,
    PROJECT_MISSING_MESSAGE,
    PROJECT_TOO_LONG_MESSAGE,
    PURPOSE,
    PURPOSE_MISSING_MESSAGE,
    START_DATE,
    STREAM_PAUSED_MESSAGE,
    THEME,
    THEME_MISSING_MESSAGE,
    THEME_UNKNOWN_MESSAGE,
    TOO_MANY_ROWS_MESSAGE,
    UNKNOWN_COLUMNS_MESSAGE,
    BulkAwardResource,
    import_key,
)
from grants.views.imports import error_text
from tests.factories import OrganisationFactory
from tests.grants.factories import budget, make_grant

pytestmark = pytest.mark.django_db

THEMES = "Victims, Offenders, Communities, Transformation"
EXPECTED_COLUMNS = ", ".join(COLUMNS)


@pytest.fixture
def youth_fund():
    stream = FundingStream.objects.get(short_name="Youth Fund")
    budget(stream, 2025, "40000.00", "30000.00")
    return stream


@pytest.fixture
def clubs(db):
    return [
        OrganisationFactory(name="Cambridge Youth Club"),
        OrganisationFactory(name="Fenland Boxing Academy"),
        OrganisationFactory(name="Peterborough Arts Trust"),
    ]


def good_rows() -> list[list[str]]:
    return [
        [
            "Cambridge Youth Club",
            "Summer football",
            "Weekly football sessions for 11 to 16 year olds",
            "£1,250.50",
            "01/05/2025",
            "31/08/2025",
            "Communities",
        ],
        [
            "fenland boxing academy",  # any capitals
            "Boxing after school",
            "Coached boxing and mentoring",
            "2000",
            "2025-06-01",
            "2026-03-31",
            "Offenders; communities",
        ],
        [
            "  Peterborough   Arts Trust ",  # stray spaces
            "Street art",
            "Mural project with young people",
            "£750.00",
            "01/09/2025",
            "30/11/2025",
            "Communities",
        ],
    ]


def csv_file(rows, headers=COLUMNS) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_file(rows, headers=COLUMNS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def check(stream, content: bytes, filename: str = "awards.csv"):
    dataset = bulk_awards.read_award_file(content=content, filename=filename)
    return bulk_awards.check_bulk_awards(stream=stream, dataset=dataset)


def run_import(stream, content: bytes, user, *, key=None, filename="awards.csv"):
    dataset = bulk_awards.read_award_file(content=content, filename=filename)
    return bulk_awards.import_bulk_awards(
        stream=stream, dataset=dataset, imported_by=user, batch_key=key or uuid.uuid4()
    )


def counts() -> dict[str, int]:
    return {
        "grants": Grant.objects.count(),
        "awards": Award.objects.count(),
        "commitments": Commitment.objects.count(),
        "notices": DecisionNotice.objects.count(),
    }


NOTHING = {"grants": 0, "awards": 0, "commitments": 0, "notices": 0}


# ----- one bad cell: the right row, column and message -----

MAX = "£2,000.00"

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


def test_headers_in_any_capitals_and_spacing(youth_fund, clubs):
    headers = [" organisation", "PROJECT", "purpose ", "Amount", "start  date", "End Date", "theme"]
    assert check(youth_fund, csv_file(good_rows(), headers=headers)).ok


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (
            [c for c in COLUMNS if c != "Amount"],
            MISSING_COLUMNS_MESSAGE.format(missing="Amount", expected=EXPECTED_COLUMNS),
        ),
        (
            [*COLUMNS, "Notes"],
            UNKNOWN_COLUMNS_MESSAGE.format(unknown="“Notes”", expected=EXPECTED_COLUMNS),
        ),
    ],
    ids=["missing column", "unknown column"],
)
def test_column_problems_are_reported_for_the_file(youth_fund, clubs, headers, message):
    rows = [r[: len(headers)] + [""] * (len(headers) - len(r)) for r in good_rows()]
    result = check(youth_fund, csv_file(rows, headers=headers))
    assert result.errors == [RowError(0, "", message)]
    assert error_text(result.errors[0]) == message


def test_too_many_rows(youth_fund, clubs, monkeypatch):
    monkeypatch.setattr(bulk_awards, "MAX_ROWS", 2)
    result = check(youth_fund, csv_file(good_rows()))
    assert result.errors == [RowError(0, "", TOO_MANY_ROWS_MESSAGE.format(count=3, limit=2))]


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


# ----- the done criterion: a bad row shows every error and commits nothing -----


def test_three_good_rows_and_a_bad_one_import_nothing(youth_fund, clubs, officer):
    rows = good_rows()
    bad = ["Nobody Trust", "Youth cafe", "Drop-in cafe", "£2,000.01", "01/05/2025", "", "Dragons"]
    content = csv_file([rows[0], rows[1], bad, rows[2]])
    expected = [
        RowError(4, ORGANISATION, ORGANISATION_UNKNOWN_MESSAGE.format(name="Nobody Trust")),
        RowError(
            4,
            AMOUNT,
            AMOUNT_OVER_MAXIMUM_MESSAGE.format(
                stream="Youth Fund", maximum=MAX, amount="£2,000.01"
            ),
        ),
        RowError(4, END_DATE, DATE_MISSING_MESSAGE.format(column_lower="end date")),
        RowError(4, THEME, THEME_UNKNOWN_MESSAGE.format(names="“Dragons”", themes=THEMES)),
    ]
    result = check(youth_fund, content)
    assert result.errors == expected
    with pytest.raises(BulkAwardError) as refused:
        run_import(youth_fund, content, officer)
    assert refused.value.errors == expected
    assert counts() == NOTHING


def test_the_corrected_file_imports_every_row_under_one_notice(youth_fund, clubs, officer):
    done = run_import(youth_fund, csv_file(good_rows()), officer)
    assert not done.repeated
    assert done.message == "3 grants imported and sent for decision"
    assert counts() == {"grants": 3, "awards": 3, "commitments": 3, "notices": 1}
    notice = done.notice
    assert notice.title == "Youth Fund awards: 3 small grants, £4,000.50"
    assert notice.amount == D("4000.50")
    assert notice.drafted_by == officer
    assert notice.state == "draft"
    for grant in done.grants:
        grant.refresh_from_db()
        assert grant.state == GrantState.AWAITING_DECISION
        assert grant.decision_notice == notice
        assert grant.award.counts_against_budget
        assert grant.import_key and len(grant.import_key) == 64
        assert grant.reference in notice.decision_text
        assert grant.created_by == officer
    boxing = Grant.objects.get(title="Boxing after school")
    assert boxing.award.recipient == clubs[1]
    assert boxing.award.total == D("2000.00")
    assert [t.name for t in boxing.themes.all()] == ["Offenders", "Communities"]
    assert notice.funding_summary == "Youth Fund £4,000.50 for 2025/26"
    # the same audit trail as the one-by-one page
    events = set(
        LogEntry.objects.filter(object_pk=str(boxing.pk)).values_list(
            "additional_data__event", flat=True
        )
    )
    assert {"grant_drafted", "decision_notice_drafted", "grant_submitted_for_decision"} <= events


def test_reuploading_the_same_file_reports_every_row_already_imported(youth_fund, clubs, officer):
    content = csv_file(good_rows())
    done = run_import(youth_fund, content, officer)
    before = counts()
    result = check(youth_fund, content)
    references = [g.reference for g in done.grants]
    assert result.errors == [
        RowError(number, "", ALREADY_IMPORTED_MESSAGE.format(reference=reference))
        for number, reference in zip([2, 3, 4], references, strict=True)
    ]
    with pytest.raises(BulkAwardError):
        run_import(youth_fund, content, officer)
    assert counts() == before


def test_confirming_the_same_upload_twice_imports_it_once(youth_fund, clubs, officer):
    content = csv_file(good_rows())
    key = uuid.uuid4()
    first = run_import(youth_fund, content, officer, key=key)
    again = run_import(youth_fund, content, officer, key=key)
    assert again.repeated and again.notice == first.notice
    assert again.message == bulk_awards.ALREADY_CONFIRMED_MESSAGE
    assert counts() == {"grants": 3, "awards": 3, "commitments": 3, "notices": 1}


def test_a_row_imported_by_someone_else_meanwhile_stops_the_whole_file(
    youth_fund, clubs, officer, officer2, monkeypatch
):
    """Two officers at once: the unique import key refuses the second even if its check missed it."""
    content = csv_file(good_rows())
    run_import(youth_fund, content, officer2)
    before = counts()
    original = BulkAwardResource.before_import

    def blind_to_earlier_imports(self, dataset, **kwargs):
        original(self, dataset, **kwargs)
        self._lookups.imported.clear()  # as if the other import committed after our check

    monkeypatch.setattr(BulkAwardResource, "before_import", blind_to_earlier_imports)
    with pytest.raises(BulkAwardError):
        run_import(youth_fund, content, officer)
    assert counts() == before


def test_a_failure_after_some_grants_are_made_leaves_nothing(
    youth_fund, clubs, officer, monkeypatch
):
    """Atomicity: the last write failing (after every grant is made and submitted) undoes all."""
    real_submit = services.submit_grants_for_decision

    def submit_then_fail(**kwargs):
        real_submit(**kwargs)
        raise services.GrantError("Simulated failure", index=2)

    monkeypatch.setattr(services, "submit_grants_for_decision", submit_then_fail)
    with pytest.raises(BulkAwardError) as refused:
        run_import(youth_fund, csv_file(good_rows()), officer)
    assert refused.value.errors == [RowError(4, "", "Simulated failure")]
    assert counts() == NOTHING


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


def test_xlsx_with_real_dates_and_numbers(youth_fund, clubs, officer):
    rows = [
        [
            "Cambridge Youth Club",
            "Summer football",
            "Sessions",
            1250.5,
            datetime(2025, 5, 1),
            datetime(2025, 8, 31),
            "Communities",
        ],
        [
            "Fenland Boxing Academy",
            "Boxing",
            "Coaching",
            2000,
            "01/06/2025",
            "2026-03-31",
            "Offenders",
        ],
        ["", "", "", None, None, None, ""],  # a blank line is skipped
        ["Nobody Trust", "Art", "Murals", 2000.01, datetime(2025, 6, 1), None, "Victims"],
    ]
    result = check(youth_fund, xlsx_file(rows), filename="awards.xlsx")
    assert [r.number for r in result.rows] == [2, 3, 5]
    assert result.rows[0].amount == D("1250.50")
    assert result.rows[0].start_date == date(2025, 5, 1)
    assert [(e.row, e.field) for e in result.errors] == [
        (5, ORGANISATION),
        (5, AMOUNT),
        (5, END_DATE),
    ]
    done = run_import(youth_fund, xlsx_file(rows[:2]), officer, filename="awards.xlsx")
    assert len(done.grants) == 2


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "awards.csv", bulk_awards.FILE_EMPTY_MESSAGE),
        (b"Organisation\n", "awards.pdf", bulk_awards.FILE_TYPE_MESSAGE),
        (
            b"not a spreadsheet",
            "awards.xlsx",
            bulk_awards.FILE_UNREADABLE_MESSAGE.format(kind="XLSX"),
        ),
        (
            b"PK\x03\x04broken",
            "awards.xlsx",
            bulk_awards.FILE_UNREADABLE_MESSAGE.format(kind="XLSX"),
        ),
        (
            b"x" * (bulk_awards.MAX_FILE_BYTES + 1),
            "awards.csv",
            bulk_awards.FILE_TOO_BIG_MESSAGE,
        ),
    ],
    ids=["empty", "wrong type", "not xlsx", "damaged xlsx", "too big"],
)
def test_unreadable_files(content, filename, message):
    with pytest.raises(BulkAwardError) as refused:
        bulk_awards.read_award_file(content=content, filename=filename)
    assert str(refused.value) == message


def test_windows_csv_with_pound_signs(youth_fund, clubs):
    content = csv_file(good_rows()).decode().encode("cp1252")
    result = check(youth_fund, content)
    assert result.ok and result.rows[0].amount == D("1250.50")


def test_template_and_export_are_formula_safe(youth_fund, officer, clubs):
    from grants.resources import template_dataset

    assert list(template_dataset(youth_fund).headers) == list(COLUMNS)
    grant = make_grant(officer, stream=youth_fund, total="100.00", title="=HYPERLINK(1)")
    exported = BulkAwardResource(stream=youth_fund).export(Grant.objects.filter(pk=grant.pk))
    assert exported.dict[0]["Project"] == "'=HYPERLINK(1)"
    assert exported.dict[0]["Amount"] == D("100.00")


def test_only_officers_can_import(youth_fund, clubs, finance_approver):
    with pytest.raises(BulkAwardError):
        run_import(youth_fund, csv_file(good_rows()), finance_approver)
    assert counts() == NOTHING


# ----- how many queries: checking and importing are both constant -----

# Five reads (organisations, themes, earlier imports, budgets, commitments) and the nine
# SAVEPOINT/RELEASE statements django-import-export's transaction wrapping issues: 14 for any size.
CHECK_QUERIES = 14
# Measured on SQLite: 60-64 for 1, 10 or 100 rows: the grants are made, linked and sent for
# decision by grants.services.create_grants / submit_grants_for_decision in bulk statements.
IMPORT_QUERIES = 86  # + binding the notice to the exact facts of its grants (issue 12)


def many_rows(n: int, organisations) -> list[list[str]]:
    return [
        [
            organisations[i % len(organisations)].name,
            f"Project {i}",
            "Activities",
            "£100.00",
            "01/05/2025",
            "31/07/2025",
            "Communities; Victims",
        ]
        for i in range(n)
    ]


@pytest.mark.parametrize("size", [10, 100])
def test_checking_a_file_takes_the_same_queries_for_any_size(
    youth_fund, clubs, size, django_assert_max_num_queries
):
    dataset = bulk_awards.read_award_file(content=csv_file(many_rows(size, clubs)))
    with django_assert_max_num_queries(CHECK_QUERIES):
        result = bulk_awards.check_bulk_awards(stream=youth_fund, dataset=dataset)
    assert result.ok and len(result.rows) == size


@pytest.mark.parametrize("size", [10, 100])
def test_importing_takes_the_same_queries_for_any_size(
    youth_fund, clubs, officer, size, django_assert_max_num_queries
):
    dataset = bulk_awards.read_award_file(content=csv_file(many_rows(size, clubs)))
    with django_assert_max_num_queries(IMPORT_QUERIES):
        done = bulk_awards.import_bulk_awards(
            stream=youth_fund, dataset=dataset, imported_by=officer, batch_key=uuid.uuid4()
        )
    assert len(done.grants) == size


# ----- the pages -----


def upload(client, stream, content: bytes, name: str = "awards.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("grants:import_awards", args=[stream.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def test_upload_page_for_officers(client_for, officer, youth_fund):
    response = client_for(officer).get(reverse("grants:import_awards", args=[youth_fund.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert "Columns the spreadsheet must have" in body
    assert "?download=template" in body


@pytest.mark.parametrize(
    "role", ["finance_approver", "commissioner", "administrator", "evaluator", "provider_user"]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_roles_are_refused(request, client_for, youth_fund, role, method):
    client = client_for(request.getfixturevalue(role))
    upload_url = reverse("grants:import_awards", args=[youth_fund.pk])
    confirm_url = reverse("grants:confirm_import", args=[youth_fund.pk])
    assert getattr(client, method)(upload_url).status_code == 403
    # confirm takes only POST (405 for GET, before any role check)
    assert getattr(client, method)(confirm_url).status_code == (403 if method == "post" else 405)
    assert counts() == NOTHING


def test_signed_out_people_are_sent_to_sign_in(client, youth_fund):
    response = client.get(reverse("grants:import_awards", args=[youth_fund.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_stream_is_404(client_for, officer):
    response = client_for(officer).get(reverse("grants:import_awards", args=[99999]))
    assert response.status_code == 404


def test_template_download(client_for, officer, youth_fund):
    response = client_for(officer).get(
        reverse("grants:import_awards", args=[youth_fund.pk]) + "?download=template"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").splitlines()[0] == ",".join(COLUMNS)


def test_dry_run_writes_nothing_and_shows_every_error(client_for, officer, youth_fund, clubs):
    rows = good_rows()
    rows[1][3] = "£2,000.01"
    rows[2][0] = "Nobody Trust"
    client = client_for(officer)
    entries = LogEntry.objects.count()
    response = upload(client, youth_fund, csv_file(rows))
    assert response.status_code == 302 and "?upload=" in response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Row 3, Amount: Youth Fund awards can be no more than £2,000.00" in body
    assert "Row 4, Organisation: “Nobody Trust” is not in the providers directory" in body
    assert 'href="#row-3"' in body and 'id="row-3"' in body
    assert "Upload the corrected file" in body
    assert "confirm_import" not in body and "/import/confirm/" not in body
    assert counts() == NOTHING
    assert LogEntry.objects.count() == entries


def test_upload_form_errors(client_for, officer, youth_fund):
    client = client_for(officer)
    response = client.post(reverse("grants:import_awards", args=[youth_fund.pk]), {})
    assert response.status_code == 200
    assert bulk_awards.FILE_MISSING_MESSAGE in response.content.decode()
    response = upload(client, youth_fund, b"%PDF-1.4", name="awards.pdf")
    assert response.status_code == 200
    assert bulk_awards.FILE_TYPE_MESSAGE in response.content.decode()


def confirm(client, stream, token):
    return client.post(reverse("grants:confirm_import", args=[stream.pk]), {"upload": token})


def token_of(response) -> str:
    return response["Location"].split("upload=")[1]


def test_confirm_imports_and_a_double_click_imports_once(client_for, officer, youth_fund, clubs):
    client = client_for(officer)
    token = token_of(upload(client, youth_fund, csv_file(good_rows())))
    preview = client.get(reverse("grants:import_awards", args=[youth_fund.pk]) + f"?upload={token}")
    assert "Import 3 awards and send for decision" in preview.content.decode()
    assert counts() == NOTHING
    first = confirm(client, youth_fund, token)
    notice = DecisionNotice.objects.get()
    assert first.status_code == 302 and first["Location"] == notice.get_absolute_url()
    page = client.get(first["Location"])
    assert "3 grants imported and sent for decision" in page.content.decode()
    second = confirm(client, youth_fund, token)
    assert second.status_code == 302 and second["Location"] == notice.get_absolute_url()
    assert counts() == {"grants": 3, "awards": 3, "commitments": 3, "notices": 1}


def test_an_upload_belongs_to_the_officer_who_made_it(
    client, client_for, officer, officer2, youth_fund, clubs
):
    token = token_of(upload(client_for(officer), youth_fund, csv_file(good_rows())))
    client.logout()
    other = client_for(officer2)
    preview = other.get(reverse("grants:import_awards", args=[youth_fund.pk]) + f"?upload={token}")
    assert preview.status_code == 302
    response = confirm(other, youth_fund, token)
    assert response.status_code == 302
    assert counts() == NOTHING
    # nor does it work for another stream
    crime = FundingStream.objects.get(short_name="Crime and Disorder")
    client.logout()
    assert confirm(client_for(officer), crime, token).status_code == 302
    assert counts() == NOTHING


@pytest.mark.parametrize("token", ["", "../../etc/passwd", "0" * 32])
def test_confirm_with_a_bad_token_imports_nothing(client_for, officer, youth_fund, token):
    response = confirm(client_for(officer), youth_fund, token)
    assert response.status_code == 302
    assert counts() == NOTHING


def test_confirm_rechecks_and_shows_new_problems(client_for, officer, youth_fund, clubs):
    """Between the dry run and the confirm the budget was used up: nothing is imported."""
    client = client_for(officer)
    token = token_of(upload(client, youth_fund, csv_file(good_rows())))
    Commitment.objects.all().delete()
    youth_fund.budgets.all().delete()
    response = confirm(client, youth_fund, token)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Row 2, Amount: Youth Fund has too little budget left in 2025/26" in body
    assert counts() == NOTHING


# ----- two officers at once, for real (PostgreSQL only) -----


@pytest.mark.django_db(transaction=True)
def test_two_officers_importing_the_same_file_at_once(postgres, officer, officer2):
    stream = FundingStream.objects.get(short_name="Youth Fund")
    budget(stream, 2025, "70000.00")
    for name in ("Cambridge Youth Club", "Fenland Boxing Academy", "Peterborough Arts Trust"):
        OrganisationFactory(name=name)
    content = csv_file(good_rows())
    outcomes: list[object] = []
    barrier = threading.Barrier(2)

    def attempt(user):
        try:
            barrier.wait()
            outcomes.append(run_import(stream, content, user))
        except BulkAwardError as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in (officer, officer2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(type(o).__name__ for o in outcomes) == ["BulkAwardError", "BulkAwardImport"]
    assert Grant.objects.count() == 3 and DecisionNotice.objects.count() == 1
