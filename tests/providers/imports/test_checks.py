"""providers.imports.checks: every row checked, every problem by row and column, nothing written."""

import pytest

from core.imports import RowError
from providers import rules
from providers.imports import checks
from providers.imports.columns import NAME_MISSING_MESSAGE
from providers.models import Organisation
from tests.factories import OrganisationFactory
from tests.providers.imports.helpers import BAD_CHARITY_ROW, GOOD_ROWS, HEADER, check, csv_bytes

pytestmark = pytest.mark.django_db


def test_good_rows_are_new_and_nothing_is_written(districts):
    result = check(*GOOD_ROWS)
    assert result.ok and result.errors == []
    assert (result.new_count, result.updated_count) == (3, 0)
    council = result.rows[2]
    assert sorted(d.name for d in council.districts) == ["Fenland", "Peterborough"]
    assert result.rows[1].organisation.postcode == "PE29 3TN"  # the model's clean()
    assert Organisation.objects.count() == 0


def test_every_error_on_every_row_is_reported_with_row_and_field(districts):
    rows = [
        GOOD_ROWS[0],
        "Bad Company Ltd,Company,,ABC,1 St,Ely,NOTAPOSTCODE,Yes,,No,Yes,not-an-email",
        "Odd One,Partnership,,,1 St,Ely,CB7 4DL,Maybe,,No,Yes,",
        ",Charity,1123457,,1 St,Ely,CB7 4DL,Yes,,Yes,Yes,",
        BAD_CHARITY_ROW,
    ]
    result = check(*rows)
    found = {(e.row, e.field): e.message for e in result.errors}
    assert set(found) == {
        (3, "company_number"),
        (3, "postcode"),
        (3, "email"),
        (4, "kind"),
        (4, "countywide"),
        (5, "name"),
        (6, "charity_number"),
    }
    assert found[(3, "company_number")] == rules.COMPANY_FORMAT_MESSAGE
    assert found[(3, "postcode")] == rules.POSTCODE_FORMAT_MESSAGE
    assert found[(5, "name")] == NAME_MISSING_MESSAGE
    assert found[(6, "charity_number")] == rules.CHARITY_FORMAT_MESSAGE
    assert not result.ok


def test_a_name_twice_in_one_file_is_a_row_error(districts):
    again = (
        GOOD_ROWS[0].replace("Fenland Support", "fenland  SUPPORT").replace("1123456", "1123458")
    )
    result = check(GOOD_ROWS[0], GOOD_ROWS[1], again)
    assert [(e.row, e.field) for e in result.errors] == [(4, "name")]
    assert "also on row 2" in result.errors[0].message


def test_an_unknown_district_is_a_row_error_naming_it(districts):
    result = check(
        GOOD_ROWS[0], GOOD_ROWS[2].replace("Peterborough; Fenland", "Peterborough; Atlantis")
    )
    assert [(e.row, e.field) for e in result.errors] == [(3, "districts")]
    assert "“Atlantis”" in result.errors[0].message


@pytest.mark.parametrize(
    ("countywide", "named", "message"),
    [
        ("No", "", rules.AREA_NEEDS_DISTRICTS_MESSAGE),
        ("Yes", "Fenland", rules.AREA_COUNTYWIDE_WITH_DISTRICTS_MESSAGE),
    ],
)
def test_area_served_must_be_countywide_or_named_districts(districts, countywide, named, message):
    result = check(f"Area Test,Other,,,1 St,Ely,CB7 4DL,{countywide},{named},No,Yes,")
    assert result.errors == [RowError(2, "districts", message)]


def test_a_name_in_the_directory_is_an_update_not_an_error(districts):
    OrganisationFactory(name="Fenland Support", charity_number="1123456")
    result = check(GOOD_ROWS[0].replace("Fenland Support", "FENLAND support"))
    assert result.ok and (result.new_count, result.updated_count) == (0, 1)


def test_a_charity_number_held_by_another_organisation_is_refused(districts):
    OrganisationFactory(name="Someone Else", charity_number="1123456")
    result = check(GOOD_ROWS[0])
    assert [(e.row, e.field) for e in result.errors] == [(2, "charity_number")]
    assert "Someone Else" in result.errors[0].message


def test_a_number_twice_in_the_file_is_refused(districts):
    twin = GOOD_ROWS[0].replace("Fenland Support", "Fenland Twin")
    result = check(GOOD_ROWS[0], twin)
    assert result.errors == [
        RowError(
            3,
            "charity_number",
            checks.IDENTIFIER_REPEATED_MESSAGE.format(
                number="1123456", label="charity number", first=2
            ),
        )
    ]


def test_file_problems_come_before_rows(districts):
    parsed_header = HEADER + ",favourite_colour"
    result = check(GOOD_ROWS[0] + ",x", header=parsed_header)
    assert len(result.errors) == 1 and result.errors[0].row == 0
    assert "favourite_colour" in result.errors[0].message
    assert result.rows == []


def test_a_file_with_no_rows(districts):
    assert check().errors == [RowError(0, "", checks.NO_ROWS_MESSAGE)]


@pytest.mark.parametrize("size", [10, 100])
def test_checking_takes_the_same_queries_for_any_size(
    districts, size, django_assert_max_num_queries
):
    from providers import imports

    rows = [
        f"Org {n},Charity,{1100000 + n},,1 St,Ely,CB7 4DL,No,Fenland; Cambridge,Yes,Yes,"
        for n in range(size)
    ]
    for n in range(0, size, 2):
        OrganisationFactory(name=f"Org {n}", charity_number=str(1100000 + n))
    parsed = imports.read_providers_file(content=csv_bytes(*rows), filename="p.csv")
    with django_assert_max_num_queries(4):
        result = imports.check_providers(parsed)
    assert result.ok, result.errors[:3]
    assert result.updated_count == size // 2
