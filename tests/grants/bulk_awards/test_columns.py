"""grants.bulk_awards.columns: headers in any capitals, column problems, the template."""

import pytest

from core.imports import RowError, error_text
from grants.bulk_awards.columns import (
    COLUMNS,
    MISSING_COLUMNS_MESSAGE,
    UNKNOWN_COLUMNS_MESSAGE,
    column_help,
    template_dataset,
)
from tests.grants.bulk_awards.helpers import (
    EXPECTED_COLUMNS,
    check,
    csv_file,
    good_rows,
)

pytestmark = pytest.mark.django_db


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


def test_template_has_the_columns():
    assert list(template_dataset().headers) == list(COLUMNS)


def test_column_help_names_the_streams_maximum(youth_fund):
    helps = dict(column_help(youth_fund))
    assert list(helps) == list(COLUMNS)
    assert helps["Amount"].endswith("no more than £2,000.00")
