"""Published notices are accessible: the public web page is the accessible version, and the
untagged PDF says so and links to it (issue 14 item 9; the accessibility statement lists it)."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from .factories import SignedDecisionNoticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(officer, commissioner2):
    return SignedDecisionNoticeFactory(
        drafted_by=officer, signed_by=commissioner2, title="Youth Fund small grants"
    )


def _pdf_text(response) -> str:
    reader = PdfReader(BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_public_page_says_it_is_the_accessible_version(client, signed):
    html = client.get(signed.get_public_url()).content.decode()
    assert "This page is the accessible version of this decision notice" in html
    assert f'href="{reverse("accessibility")}#known-problems"' in html
    assert reverse("approvals:public_notice_pdf", args=[signed.slug]) in html


@pytest.mark.parametrize("office_view", [False, True])
def test_pdf_points_to_the_accessible_web_page(
    client, client_for, commissioner, signed, office_view
):
    if office_view:
        response = client_for(commissioner).get(reverse("approvals:notice_pdf", args=[signed.pk]))
    else:
        response = client.get(reverse("approvals:public_notice_pdf", args=[signed.slug]))
    text = _pdf_text(response)
    assert "This PDF is not tagged for screen readers" in text
    assert f"http://testserver{signed.get_public_url()}" in text.replace(" ", "")
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(BytesIO(response.content)).pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert f"http://testserver{signed.get_public_url()}" in links


def test_pdf_names_the_office_from_settings(client, signed, settings):
    settings.OFFICE_AREA = "Northshire"
    response = client.get(reverse("approvals:public_notice_pdf", args=[signed.slug]))
    assert "Commissioner for Northshire" in _pdf_text(response)


def test_accessibility_statement_says_pdfs_are_untagged_and_points_to_the_web_pages(client):
    html = client.get(reverse("accessibility")).content.decode()
    assert "Decision notice PDFs are not tagged" in html
    assert f'href="{reverse("transparency")}"' in html


def test_decision_numbers_never_wrap(client, client_for, officer, signed):
    office_list = client_for(officer).get(reverse("approvals:notice_list")).content.decode()
    assert f'<td class="govuk-table__cell app-nowrap">{signed.number}</td>' in office_list
    public = client.get(reverse("transparency")).content.decode()
    assert (
        f'app-nowrap"><a class="govuk-link" href="{signed.get_public_url()}">{signed.number}'
        in (public)
    )
    assert (
        f'<span class="app-nowrap">{signed.number}</span>'
        in client.get(signed.get_public_url()).content.decode()
    )
