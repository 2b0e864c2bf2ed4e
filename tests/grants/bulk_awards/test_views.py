"""The bulk award pages: upload, dry run, confirm; who may use them."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from approvals.models import DecisionNotice
from core import spreadsheet_reader
from grants.bulk_awards import uploads
from grants.bulk_awards.columns import COLUMNS
from grants.models import Commitment, FundingStream, Grant
from tests.factories import OrganisationFactory
from tests.grants.bulk_awards.helpers import (
    NOTHING,
    confirm,
    counts,
    csv_file,
    good_rows,
    token_of,
    upload,
)
from tests.grants.factories import budget
from tests.spreadsheet_files import bomb_xlsx

pytestmark = pytest.mark.django_db


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
    assert uploads.FILE_MISSING_MESSAGE in response.content.decode()
    response = upload(client, youth_fund, b"%PDF-1.4", name="awards.pdf")
    assert response.status_code == 200
    assert spreadsheet_reader.FILE_TYPE_MESSAGE in response.content.decode()


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


def test_a_spreadsheet_bomb_is_refused_on_the_upload_page(client_for, officer, youth_fund):
    response = upload(client_for(officer), youth_fund, bomb_xlsx(1950), name="awards.xlsx")
    assert response.status_code == 200
    body = response.content.decode()
    assert "The selected XLSX file unpacks to more than 10 MB" in body
    assert 'href="#id_file"' in body


def test_a_formula_is_shown_against_its_row_in_the_dry_run(client_for, officer, youth_fund, clubs):
    rows = good_rows()
    rows[0][3] = "=SUM(1,2)"
    client = client_for(officer)
    page = client.get(upload(client, youth_fund, csv_file(rows))["Location"])
    assert "Row 2, Amount: This cell has a formula, and formulas are not supported" in (
        page.content.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_a_nul_in_a_cell_is_refused_in_the_dry_run_on_postgresql(postgres, client_for, officer):
    """It used to pass the dry run and then fail on PostgreSQL at confirm with a 500."""
    stream = FundingStream.objects.get(short_name="Youth Fund")
    budget(stream, 2025, "40000.00")
    for name in ("Cambridge Youth Club", "Fenland Boxing Academy", "Peterborough Arts Trust"):
        OrganisationFactory(name=name)
    rows = good_rows()
    rows[1][2] = "Coached boxing\x00 and mentoring"
    client = client_for(officer)
    response = upload(client, stream, csv_file(rows))
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Row 3, Purpose: This cell contains a NUL character" in page.content.decode()
    assert confirm(client, stream, token_of(response)).status_code == 200
    assert Grant.objects.count() == 0


@pytest.mark.parametrize("size", [5, 50])
def test_the_preview_query_count_does_not_grow(
    client_for, officer, youth_fund, clubs, size, django_assert_max_num_queries
):
    from tests.grants.bulk_awards.helpers import many_rows

    client = client_for(officer)
    location = upload(client, youth_fund, csv_file(many_rows(size, clubs)))["Location"]
    with django_assert_max_num_queries(14):
        page = client.get(location)
    assert page.status_code == 200 and f"Import {size} awards" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_confirms_of_one_upload_at_once_import_it_once(postgres, client_for, officer):
    import threading

    from django.db import connection

    from grants import bulk_awards

    stream = FundingStream.objects.get(short_name="Youth Fund")
    budget(stream, 2025, "40000.00")
    for name in ("Cambridge Youth Club", "Fenland Boxing Academy", "Peterborough Arts Trust"):
        OrganisationFactory(name=name)
    token = bulk_awards.upload_award_file(
        content=csv_file(good_rows()), filename="a.csv", stream=stream, uploaded_by=officer
    )
    outcomes = []
    barrier = threading.Barrier(2)

    def attempt():
        try:
            barrier.wait()
            outcomes.append(
                bulk_awards.confirm_bulk_awards(stream=stream, token=token, imported_by=officer)
            )
        except bulk_awards.BulkAwardError as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o.repeated for o in outcomes) == [False, True]
    assert Grant.objects.count() == 3 and DecisionNotice.objects.count() == 1
