"""Decision notice documents: the print page, the PDF, the public pages, and the sections other
apps add through the hooks."""

import re

import pytest
from django.urls import reverse

from approvals.models import DecisionNoticeState
from approvals.services import withdraw_decision_notice

from .factories import DecisionNoticeFactory, SignedDecisionNoticeFactory, client_of

pytestmark = pytest.mark.django_db

OUTSIDERS = ["evaluator", "provider_user"]


# --- print, PDF and public pages ---------------------------------------------------------------


def test_print_page_has_the_signature_block(client_for, finance_approver, signed):
    html = (
        client_for(finance_approver)
        .get(reverse("approvals:notice_print", args=[signed.pk]))
        .content.decode()
    )
    assert signed.number in html
    assert "Signed by" in html and str(signed.signed_by.get_full_name()) in html
    assert html.count("<h1") == 1


def test_print_page_of_a_draft_says_it_is_not_signed(client_for, officer, draft):
    html = (
        client_for(officer).get(reverse("approvals:notice_print", args=[draft.pk])).content.decode()
    )
    assert "Not signed" in html


def test_pdf_of_a_signed_notice(client_for, commissioner, signed):
    response = client_for(commissioner).get(reverse("approvals:notice_pdf", args=[signed.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="{signed.slug}.pdf"' in response["Content-Disposition"]
    assert re.fullmatch(r"CPCC-\d{4}-\d{3}\.pdf", signed.pdf_filename)


def test_pdf_text_has_the_number_and_decision(client, signed):
    from io import BytesIO

    from pypdf import PdfReader

    response = client.get(reverse("approvals:public_notice_pdf", args=[signed.slug]))
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert signed.number in text
    assert "Youth Fund small grants" in text
    assert "£2,000.00" in text


@pytest.mark.parametrize("who", ["officer", "commissioner"])
def test_no_pdf_for_a_draft(request, draft, who):
    response = client_of(request, who).get(reverse("approvals:notice_pdf", args=[draft.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_no_office_pdf(request, signed, who):
    response = client_of(request, who).get(reverse("approvals:notice_pdf", args=[signed.pk]))
    assert response.status_code == 403


def test_public_page_needs_no_login(client, signed):
    response = client.get(signed.get_public_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert signed.number in html and signed.title in html
    assert signed.decision_text in html
    assert html.count("<h1") == 1
    pdf = client.get(reverse("approvals:public_notice_pdf", args=[signed.slug]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("slug", ["CPCC-2026-999", "CPCC-2026-1", "not-a-number", "draft"])
def test_public_page_404s_for_anything_not_signed(client, draft, slug):
    assert client.get(reverse("approvals:public_notice", args=[slug])).status_code == 404
    assert client.get(reverse("approvals:public_notice_pdf", args=[slug])).status_code == 404


def test_public_page_never_shows_drafts_or_withdrawn(client, officer, draft):
    withdrawn = withdraw_decision_notice(
        notice=DecisionNoticeFactory(drafted_by=officer), withdrawn_by=officer, reason="No"
    )
    for notice in (draft, withdrawn):
        assert notice.get_public_url() == ""
    # Even guessing the number the next signature would get finds nothing.
    assert client.get(reverse("approvals:public_notice", args=["CPCC-2026-001"])).status_code == 404


# --- what other apps add through the hooks -----------------------------------------------------


@pytest.fixture
def related_grants():
    from approvals import hooks

    def provider(*, notice):
        return [
            hooks.RelatedItem(
                label=f"Grant G-{notice.pk:04d} to Youth Horizons Trust",
                url="/funding/grants/staff-only/",
                public_url="",
                kind="grant",
            )
        ]

    hooks.register_related_items(provider)
    yield provider
    hooks.unregister_related_items(provider)


def test_related_items_show_on_office_and_public_pages(client_for, client, officer, related_grants):
    notice = SignedDecisionNoticeFactory(drafted_by=officer)
    label = f"Grant G-{notice.pk:04d} to Youth Horizons Trust"
    staff_html = client_for(officer).get(notice.get_absolute_url()).content.decode()
    assert label in staff_html and "/funding/grants/staff-only/" in staff_html
    client.logout()
    public_html = client.get(notice.get_public_url()).content.decode()
    assert label in public_html
    assert "/funding/grants/staff-only/" not in public_html  # no staff links for the public


def test_a_handler_refusal_is_shown_on_the_confirmation_page(client_for, commissioner, draft):
    from approvals import hooks
    from approvals.errors import DecisionNoticeError

    def refuse(*, notice, signed_by):
        raise DecisionNoticeError("The Youth Fund has no budget left for 2026/27")

    hooks.register_signing_handler(refuse)
    try:
        response = client_for(commissioner).post(
            reverse("approvals:notice_sign", args=[draft.pk]),
            {"confirm": "on", "version": draft.version},
        )
    finally:
        hooks.unregister_signing_handler(refuse)
    assert response.status_code == 200
    assert "The Youth Fund has no budget left for 2026/27" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == DecisionNoticeState.DRAFT and draft.number is None
