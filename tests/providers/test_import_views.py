"""The providers import pages: upload, dry run listing every row's errors, confirm; who may use them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from providers.imports.service import FILE_MISSING_MESSAGE
from providers.models import Organisation
from tests.providers.imports.helpers import BAD_CHARITY_ROW, GOOD_ROWS, csv_bytes
from tests.spreadsheet_files import bomb_xlsx

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("providers:import")
CONFIRM_URL = reverse("providers:import_confirm")


@pytest.fixture
def districts(db):
    from providers.models import District

    return {
        n: District.objects.create(name=n) for n in ("Fenland", "Huntingdonshire", "Peterborough")
    }


def upload(client, content: bytes, name: str = "providers.csv"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


def test_the_upload_page_for_officers_and_administrators(client_for, officer, administrator):
    for user in (officer, administrator):
        response = client_for(user).get(IMPORT_URL)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Import organisations from a spreadsheet" in body
        assert "up to 2 MB and 2,000 organisations" in body


@pytest.mark.parametrize("role", ["finance_approver", "commissioner", "evaluator", "provider_user"])
def test_other_roles_are_refused(request, client_for, role):
    client = client_for(request.getfixturevalue(role))
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(CONFIRM_URL, {"upload": "0" * 32}).status_code == 403


def test_the_directory_links_to_the_import_for_editors_only(client_for, officer, finance_approver):
    assert IMPORT_URL in client_for(officer).get(reverse("providers:list")).content.decode()
    assert (
        IMPORT_URL
        not in client_for(finance_approver).get(reverse("providers:list")).content.decode()
    )


def test_dry_run_lists_every_rows_errors_and_writes_nothing(client_for, officer, districts):
    client = client_for(officer)
    bad_email = GOOD_ROWS[0].replace("a@example.org", "not-an-email")
    response = upload(client, csv_bytes(bad_email, GOOD_ROWS[1], BAD_CHARITY_ROW))
    assert response.status_code == 302 and "?upload=" in response["Location"]
    body = client.get(response["Location"]).content.decode()
    assert "Row 2, email:" in body and "Row 4, charity_number:" in body
    assert 'href="#row-4"' in body and 'id="row-4"' in body
    assert "Upload the corrected file" in body and CONFIRM_URL not in body
    assert Organisation.objects.count() == 0


def test_confirm_imports_all_and_a_double_click_imports_once(client_for, officer, districts):
    client = client_for(officer)
    location = upload(client, csv_bytes(*GOOD_ROWS))["Location"]
    preview = client.get(location).content.decode()
    assert "Import 3 organisations" in preview
    token = location.split("upload=")[1]
    first = client.post(CONFIRM_URL, {"upload": token})
    assert first.status_code == 302 and first["Location"] == reverse("providers:list")
    assert "3 organisations added and 0 updated" in client.get(first["Location"]).content.decode()
    again = client.post(CONFIRM_URL, {"upload": token})
    assert again.status_code == 302
    assert Organisation.objects.count() == 3


def test_upload_errors_are_shown_on_the_form(client_for, officer):
    client = client_for(officer)
    assert FILE_MISSING_MESSAGE in client.post(IMPORT_URL, {}).content.decode()
    body = upload(client, bomb_xlsx(1950), "providers.xlsx").content.decode()
    assert "unpacks to more than 10 MB" in body
    body = upload(client, b"%PDF-1.4", "providers.pdf").content.decode()
    assert "must be a CSV or XLSX file" in body


@pytest.mark.parametrize("token", ["", "../../etc/passwd", "0" * 32])
def test_a_bad_token_imports_nothing(client_for, officer, token):
    response = client_for(officer).post(CONFIRM_URL, {"upload": token})
    assert response.status_code == 302 and response["Location"] == IMPORT_URL


@pytest.mark.parametrize("size", [5, 50])
def test_the_preview_query_count_does_not_grow(
    client_for, officer, districts, size, django_assert_max_num_queries
):
    client = client_for(officer)
    rows = [f"Org {n},Other,,,1 St,Ely,CB7 4DL,No,Fenland,No,Yes," for n in range(size)]
    location = upload(client, csv_bytes(*rows))["Location"]
    with django_assert_max_num_queries(12):
        assert client.get(location).status_code == 200


def test_a_file_over_the_size_limit_is_refused_with_the_limit(client_for, officer):
    body = upload(client_for(officer), b"name,kind\n" + b"x" * (2 * 1024 * 1024)).content.decode()
    assert "The selected file must be smaller than 2 MB" in body


@pytest.mark.parametrize(
    "cell",
    [
        "x" * 10_000,
        "1e40",
        "<script>alert(1)</script>",
        "Caf\u0435 \u200bTrust 🎉",
        "=cmd|' /C calc'!A0",
        "Trust\x00",
    ],
    ids=["long", "1e40", "markup", "look-alike and emoji", "formula", "nul"],
)
def test_hostile_cells_get_a_clear_dry_run_and_no_500(client_for, officer, districts, cell):
    client = client_for(officer)
    row = f'"{cell}",Charity,{cell},,1 St,Ely,{cell},{cell},,Yes,Yes,'
    response = upload(client, csv_bytes(row))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "There is a problem" in body and "<script>alert" not in body
    assert Organisation.objects.count() == 0
