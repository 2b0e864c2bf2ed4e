"""providers.imports.service: upload once within limits, confirm every row or none, set-based."""

import threading

import pytest
from auditlog.models import LogEntry
from django.db import connection

from audit.selectors import history_for
from core.models import StagedImport
from providers import imports
from providers.imports import service
from providers.models import District, Organisation, OrganisationKind
from providers.resources import OrganisationResource
from tests.factories import OrganisationFactory
from tests.providers.imports.helpers import (
    BAD_CHARITY_ROW,
    FIXED_CHARITY_ROW,
    GOOD_ROWS,
    HEADER,
    csv_bytes,
    run_import,
)
from tests.spreadsheet_files import bomb_xlsx

pytestmark = pytest.mark.django_db


def test_one_bad_row_imports_nothing_then_the_corrected_file_imports_all(districts, officer):
    with pytest.raises(imports.ProvidersImportError) as refused:
        run_import(GOOD_ROWS[0], GOOD_ROWS[1], BAD_CHARITY_ROW, GOOD_ROWS[2], user=officer)
    assert str(refused.value).startswith("Nothing was imported: the file has 1 problem.")
    assert [(e.row, e.field) for e in refused.value.check.errors] == [(4, "charity_number")]
    assert Organisation.objects.count() == 0

    done = run_import(GOOD_ROWS[0], GOOD_ROWS[1], FIXED_CHARITY_ROW, GOOD_ROWS[2], user=officer)
    assert (done.created, done.updated) == (4, 0)
    assert done.message == "4 organisations added and 0 updated"
    council = Organisation.objects.get(name="Peterborough City Council")
    assert council.kind == OrganisationKind.PUBLIC_BODY and council.countywide is False
    assert sorted(d.name for d in council.districts.all()) == ["Fenland", "Peterborough"]
    assert Organisation.objects.get(name="Restorative Futures CIC").postcode == "PE29 3TN"


def test_reimporting_updates_rather_than_duplicating(districts, officer):
    existing = OrganisationFactory(
        name="Fenland Support", town="Old Town", charity_number="1123456"
    )
    existing.districts.set([districts["Cambridge"]])
    row = "FENLAND support,Charity,1123456,,1 High St,March,PE15 8AA,No,Fenland,Yes,Yes,"
    done = run_import(row, user=officer)
    assert (done.created, done.updated) == (0, 1)
    existing.refresh_from_db()
    assert existing.town == "March" and existing.name == "Fenland Support"
    assert [d.name for d in existing.districts.all()] == ["Fenland"]
    assert [e for e in history_for(existing) if e.additional_data]
    event = LogEntry.objects.get(additional_data__event="organisation_imported")
    assert event.actor == officer and event.object_pk == str(existing.pk)
    assert event.changes_dict["town"] == ["Old Town", "March"]
    assert event.changes_dict["districts"] == ["Cambridge", "Fenland"]


def test_a_missing_column_keeps_what_the_directory_has(districts, officer):
    existing = OrganisationFactory(name="Fenland Support", phone="01223 000000", countywide=True)
    run_import("Fenland Support,Other,Wisbech", header="name,kind,town", user=officer)
    existing.refresh_from_db()
    assert existing.town == "Wisbech" and existing.phone == "01223 000000"


def test_confirming_twice_imports_once(districts, officer):
    token = imports.upload_providers_file(
        content=csv_bytes(*GOOD_ROWS), filename="p.csv", uploaded_by=officer
    )
    first = imports.confirm_providers_import(token=token, imported_by=officer)
    again = imports.confirm_providers_import(token=token, imported_by=officer)
    assert not first.repeated and again.repeated
    assert again.message == service.ALREADY_CONFIRMED_MESSAGE
    assert Organisation.objects.count() == 3


def test_an_upload_is_only_its_owners(districts, officer, officer2):
    token = imports.upload_providers_file(
        content=csv_bytes(*GOOD_ROWS), filename="p.csv", uploaded_by=officer
    )
    with pytest.raises(imports.ProvidersImportError):
        imports.confirm_providers_import(token=token, imported_by=officer2)
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize("role", ["finance_approver", "provider_user", "commissioner"])
def test_only_editors_can_import(request, districts, role):
    user = request.getfixturevalue(role)
    before = Organisation.objects.count()
    with pytest.raises(imports.ProvidersImportError):
        run_import(*GOOD_ROWS, user=user)
    assert not StagedImport.objects.exists() and Organisation.objects.count() == before


def test_ten_thousand_rows_are_refused_by_the_row_limit_before_parsing(officer, monkeypatch):
    parsed = []
    real = service.parse_row
    monkeypatch.setattr(service, "parse_row", lambda *a: parsed.append(1) or real(*a))
    rows = [f"Org {n},Other,,,1 St,Ely,CB7 4DL,Yes,,No,Yes," for n in range(10_000)]
    with pytest.raises(imports.ProvidersImportError) as refused:
        run_import(*rows, user=officer)
    assert str(refused.value) == (
        "The file has more than 2000 organisations: upload no more than 2000 at a time"
    )
    assert parsed == [] and not StagedImport.objects.exists()


def test_a_zip_bomb_is_refused(officer):
    with pytest.raises(imports.ProvidersImportError) as refused:
        run_import(user=officer, content=bomb_xlsx(1950), filename="p.xlsx")
    assert "unpacks to more than 10 MB" in str(refused.value)


def test_a_failure_at_the_last_write_leaves_nothing(districts, officer, monkeypatch):
    def fail(entries):
        raise RuntimeError("simulated")

    monkeypatch.setattr(service, "record_events", fail)
    with pytest.raises(RuntimeError):
        run_import(*GOOD_ROWS, user=officer)
    assert Organisation.objects.count() == 0
    assert District.objects.filter(organisations__isnull=False).count() == 0
    assert StagedImport.objects.get().confirmed_at is None


@pytest.mark.parametrize("size", [10, 100])
def test_importing_takes_the_same_queries_for_any_size(
    districts, officer, size, django_assert_max_num_queries
):
    rows = [
        f"Org {n},Charity,{1100000 + n},,1 St,Ely,CB7 4DL,No,Fenland; Cambridge,Yes,Yes,"
        for n in range(size)
    ]
    for n in range(0, size, 2):
        OrganisationFactory(name=f"Org {n}", charity_number=str(1100000 + n))
    token = imports.upload_providers_file(
        content=csv_bytes(*rows), filename="p.csv", uploaded_by=officer
    )
    with django_assert_max_num_queries(16):
        done = imports.confirm_providers_import(token=token, imported_by=officer)
    assert (done.created, done.updated) == (size // 2, size // 2)
    assert District.objects.get(name="Fenland").organisations.count() == size


def test_xlsx_round_trip_through_the_export(districts, officer):
    from import_export.formats.base_formats import XLSX

    first = OrganisationFactory(
        name="Round Trip Trust",
        charity_number="1098765",
        company_number="01234567",
        countywide=False,
        third_sector=True,
        local=False,
        phone="01223 000000",
    )
    first.districts.set([districts["Cambridge"], districts["Fenland"]])
    OrganisationFactory(name="Second Org", kind=OrganisationKind.PUBLIC_BODY, charity_number="")
    before = _snapshot()
    xlsx = XLSX().export_data(OrganisationResource().export())
    Organisation.objects.all().delete()
    done = run_import(user=officer, content=xlsx, filename="p.xlsx")
    assert done.created == 2
    assert _snapshot() == before


def _snapshot():
    return sorted(
        (
            o.name, o.kind, o.charity_number, o.company_number, o.town, o.postcode, o.countywide,
            tuple(sorted(d.name for d in o.districts.all())), o.third_sector, o.local, o.phone,
        )
        for o in Organisation.objects.all()
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_two_confirms_of_one_upload_at_once_import_it_once(postgres, officer):
    for name in ("Fenland", "Huntingdonshire", "Peterborough"):
        District.objects.create(name=name)
    token = imports.upload_providers_file(
        content=csv_bytes(*GOOD_ROWS), filename="p.csv", uploaded_by=officer
    )
    outcomes = []
    barrier = threading.Barrier(2)

    def attempt():
        try:
            barrier.wait()
            outcomes.append(imports.confirm_providers_import(token=token, imported_by=officer))
        except imports.ProvidersImportError as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o.repeated for o in outcomes) == [False, True]
    assert Organisation.objects.count() == 3


def test_header_constant_is_the_export_layout():
    assert HEADER.split(",")[0] == "name"
