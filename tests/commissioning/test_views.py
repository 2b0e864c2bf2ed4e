"""STA pages: who sees what, drafting through the form, submitting, and the ground refusal."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from commissioning.models import SingleTenderAction, StaState
from grants.models import FundingStream
from tests.conftest import govuk_dates

from .factories import ground, make_sta

pytestmark = pytest.mark.django_db
LIST = reverse("commissioning:sta_list")
NEW = reverse("commissioning:sta_create")


def _post_data(supplier, value="120000", ground_obj=None, **extra):
    stream = FundingStream.objects.get(short_name="MoJ Victims")
    data = {
        "kind": "new",
        "supplier": supplier.pk,
        "service": "Telephone interpreting",
        "category": "goods_services",
        "whole_life_value": value,
        "start_date": "2027-04-01",
        "end_date": "2029-03-31",
        "procurement_start_date": "2026-11-02",
        "case": "Only supplier with access",
        "ground": (ground_obj or ground()).pk,
        "justification": "No alternative",
        "shares-TOTAL_FORMS": "1",
        "shares-INITIAL_FORMS": "0",
        "shares-MIN_NUM_FORMS": "0",
        "shares-MAX_NUM_FORMS": "1000",
        "shares-0-funder": f"s{stream.pk}",
        "shares-0-amount": value,
    }
    data.update(extra)
    return govuk_dates(data)


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.OFFICER, 200), (Role.FINANCE, 200), (Role.CHIEF_EXECUTIVE, 200), (Role.PROVIDER, 403)],
)
def test_list_by_role(client_for, make_user, role, status):
    assert client_for(make_user("u", role)).get(LIST).status_code == status


@pytest.mark.parametrize(("role", "status"), [(Role.OFFICER, 200), (Role.FINANCE, 403)])
def test_only_officers_draft(client_for, make_user, role, status):
    assert client_for(make_user("u", role)).get(NEW).status_code == status


def test_provider_cannot_see_an_sta(client_for, officer, provider_user, organisation):
    sta = make_sta(officer)
    assert client_for(provider_user).get(sta.get_absolute_url()).status_code == 403


def test_draft_and_submit_through_the_pages(client_for, officer, organisation):
    client = client_for(officer)
    response = client.post(
        NEW, _post_data(organisation, request_key="6f1e8a34-3c38-4a47-9b1c-0d8c2c1c4b11")
    )
    assert response.status_code == 302, response.context["form"].errors
    # the same form posted twice (double click) makes one STA
    client.post(NEW, _post_data(organisation, request_key="6f1e8a34-3c38-4a47-9b1c-0d8c2c1c4b11"))
    sta = SingleTenderAction.objects.get()
    assert sta.award.shares.get().amount == sta.whole_life_value
    page = client.get(sta.get_absolute_url()).content.decode()
    assert "must be approved by the Finance approver" in page
    response = client.post(
        reverse("commissioning:sta_submit", args=[sta.pk]), {"version": sta.version}
    )
    sta.refresh_from_db()
    assert sta.state == StaState.SUBMITTED
    response = client.post(
        reverse("commissioning:sta_submit", args=[sta.pk]), {"version": sta.version}, follow=True
    )
    assert "already waiting for approval" in response.content.decode()


def test_the_sta_form_shares_the_grant_forms_add_another_rows(client_for, officer, organisation):
    client = client_for(officer)
    page = client.get(NEW).content.decode()
    assert 'data-module="moj-add-another"' in page and "Funder 1" in page
    assert 'name="add_row" value="shares"' in page and "js/formsets.js" in page
    # Without JavaScript "Add another funder" posts the form: it comes back as typed, a row
    # longer, and nothing is saved.
    response = client.post(NEW, _post_data(organisation, service="Typed so far", add_row="shares"))
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" not in page
    assert "Funder 2" in page and 'value="Typed so far"' in page
    assert 'name="shares-TOTAL_FORMS" value="2"' in page
    assert not SingleTenderAction.objects.exists()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("value", ["Small", "Middle", "Large"]),
        ("-value", ["Large", "Middle", "Small"]),
        ("service", ["Large", "Middle", "Small"]),
        ("-created_at", ["Large", "Middle", "Small"]),  # the default: newest first
        ("nonsense", ["Large", "Middle", "Small"]),  # an unknown column: the default
    ],
)
def test_the_sta_list_sorts_by_a_column(client_for, officer, sort, expected):
    for service, value in (("Small", "1000"), ("Middle", "90000"), ("Large", "140000")):
        make_sta(officer, value, service=service)
    page = client_for(officer).get(LIST, {"sort": sort})
    shown = [sta.service for sta in page.context["stas"]]
    assert shown == expected
    text = page.content.decode()
    assert 'aria-sort="' in text and "?sort=" in text


def test_continuity_refused_at_250k_on_the_form(client_for, officer, organisation):
    client = client_for(officer)
    response = client.post(NEW, _post_data(organisation, "250000", ground(continuity=True)))
    assert response.status_code == 200
    assert "no general “continuity of supply” ground" in response.content.decode()
    assert not SingleTenderAction.objects.exists()


def test_hostile_text_is_refused_in_words(client_for, officer, organisation):
    client = client_for(officer)
    # (1e40, NULs, 10,000 characters and look-alikes: tests/core/test_hostile_approval_forms.py)
    response = client.post(
        NEW, _post_data(organisation, whole_life_value="1000000000000", service="x\x00y")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "less than £1 trillion" in page
    assert "Remove the invisible control characters" in page
    assert not SingleTenderAction.objects.exists()


@pytest.mark.parametrize("size", [5, 60])
def test_list_constant_queries(client_for, officer, django_assert_max_num_queries, size):
    first = make_sta(officer)
    for _ in range(size - 1):
        first.pk = None
        first.request_key = None
        first.award = None
        first.save()
    client = client_for(officer)
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert response.status_code == 200


def test_evidence_is_attached_while_editable_and_downloadable_by_staff(
    client_for, officer, provider_user, make_user
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.documents.samples import EXE, PDF

    sta = make_sta(officer)
    client = client_for(officer)
    url = reverse("commissioning:sta_add_evidence", args=[sta.pk])
    bad = client.post(url, {"evidence": SimpleUploadedFile("quote.pdf", EXE)})
    assert bad.status_code == 400
    ok = client.post(url, {"evidence": SimpleUploadedFile("quote.pdf", PDF)})
    assert ok.status_code == 302
    page = client.get(sta.get_absolute_url()).content.decode()
    assert "quote.pdf" in page
    from documents.selectors import documents_for

    document = documents_for(sta).get()
    download = reverse("documents:download", args=[document.public_id])
    assert client_for(make_user("fin", Role.FINANCE)).get(download).status_code == 200
    assert client_for(provider_user).get(download).status_code == 404


def test_no_evidence_after_submission(client_for, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from commissioning.services import submit_sta
    from tests.documents.samples import PDF

    sta = submit_sta(sta=make_sta(officer), submitted_by=officer)
    url = reverse("commissioning:sta_add_evidence", args=[sta.pk])
    response = client_for(officer).post(url, {"evidence": SimpleUploadedFile("late.pdf", PDF)})
    assert response.status_code == 403


@pytest.mark.parametrize("edits", [1, 12])
def test_detail_pages_constant_queries(client_for, officer, django_assert_max_num_queries, edits):
    from commissioning.services import submit_sta, update_sta

    from .factories import sta_details

    sta = make_sta(officer)
    for i in range(edits):
        sta = update_sta(
            sta=sta, details=sta_details(str(1000 + i), supplier=sta.supplier), edited_by=officer
        )
    sta = submit_sta(sta=sta, submitted_by=officer)
    client = client_for(officer)
    with django_assert_max_num_queries(14):  # + the header's unread-notifications count
        assert client.get(sta.get_absolute_url()).status_code == 200
    request_url = reverse("approval_queue:detail", args=[sta.approval_request_id])
    with django_assert_max_num_queries(8):  # + the header's unread-notifications count
        assert client.get(request_url).status_code == 200
