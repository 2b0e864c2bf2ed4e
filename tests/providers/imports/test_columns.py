"""providers.imports.columns: headers and one row's cells, parsed without the database."""

import pytest

from providers.import_views import COLUMN_HELP
from providers.imports.columns import (
    COLUMNS,
    KIND_MESSAGE,
    NAME_MISSING_MESSAGE,
    YES_NO_MESSAGE,
    check_headers,
    parse_districts,
    parse_kind,
    parse_row,
    parse_yes_no,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Charity", "charity"),
        ("charity", "charity"),
        (" CHARITY ", "charity"),
        ("CIC", "cic"),
        ("Community interest company", "cic"),
        ("Company", "company"),
        ("Public body", "public_body"),
        ("public_body", "public_body"),
        ("PUBLIC  BODY", "public_body"),
        ("Other", "other"),
    ],
)
def test_kind_accepts_the_label_or_the_value(text, value):
    assert parse_kind(text) == value


@pytest.mark.parametrize("text", ["", None, "Partnership", "charitable"])
def test_kind_refuses_anything_else(text):
    with pytest.raises(ValueError, match="kind of organisation"):
        parse_kind(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Yes", True),
        ("y", True),
        ("TRUE", True),
        ("1", True),
        (1, True),
        (True, True),
        ("No", False),
        ("n", False),
        ("false", False),
        ("0", False),
        (0, False),
        (False, False),
    ],
)
def test_yes_no_values(text, value):
    assert parse_yes_no(text) is value


@pytest.mark.parametrize("text", ["", None, "maybe", "2", 2])
def test_yes_no_refuses_anything_else(text):
    with pytest.raises(ValueError) as error:
        parse_yes_no(text)
    assert "Yes or No" in str(error.value) or str(error.value) == YES_NO_MESSAGE


@pytest.mark.parametrize(
    ("cell", "text"),
    [(1123456, "1123456"), (1123456.0, "1123456"), (" SC012345 ", "SC012345"), (None, "")],
)
def test_identifiers_from_spreadsheet_numbers(cell, text):
    assert parse_row(2, {"charity_number": cell}, {})["values"]["charity_number"] == text


def test_districts_are_names_separated_by_semicolons():
    assert parse_districts("fenland; PETERBOROUGH ;; fenland") == ["fenland", "PETERBOROUGH"]


def test_a_row_keeps_every_cell_problem():
    row = parse_row(
        7,
        {"name": " ", "kind": "Partnership", "local": "maybe", "town": None},
        {"town": "formula!"},
    )
    assert row["number"] == 7
    assert dict(row["errors"]) == {
        "name": NAME_MISSING_MESSAGE,
        "kind": f"“Partnership” is not a kind of organisation. {KIND_MESSAGE}",
        "local": "“maybe” is not Yes or No",
        "town": "formula!",
    }


@pytest.mark.parametrize(
    ("headers", "problem"),
    [
        (["Name", "Kind", "Charity Number"], None),
        (["name"], "The file has no kind column"),
        (["name", "kind", "favourite_colour"], "Unknown column(s): favourite_colour"),
        (["name", "kind", "Town", "town"], "The column town appears more than once"),
    ],
)
def test_headers(headers, problem):
    named, problems = check_headers(headers)
    if problem is None:
        assert problems == [] and named[2] == "charity_number"
    else:
        assert len(problems) == 1 and problems[0].startswith(problem)


def test_every_column_has_help_on_the_upload_page():
    assert list(COLUMN_HELP) == list(COLUMNS)
