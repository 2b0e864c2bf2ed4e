"""An STA's page and its approval request's page are cached per version of what they show
(approvals.fragments): evidence, submission, each decision and its history appear on the next
request, what one person may do is never shown to another, and the forms in a cached page carry
each reader's own CSRF token (a POST with it passes Django's CSRF check)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from approvals.engine.models import ApprovalRequest, ApprovalState
from approvals.engine.services import decide_approval_request
from approvals.fragments import CSRF_SLOT
from commissioning.models import SingleTenderAction, StaState
from commissioning.services import attach_sta_evidence, submit_sta, update_sta
from tests.documents.samples import PDF

from .factories import make_sta, sta_details

pytestmark = pytest.mark.django_db


def _client(user, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user, backend="accounts.backends.RequestUserBackend")
    return client


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert CSRF_SLOT not in body
    return body


def _token(body: str, action: str) -> str:
    form = body[body.index(f'action="{action}"') :]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)


def test_the_sta_page_follows_evidence_submission_and_decision(officer, make_user):
    sta = make_sta(officer)
    url = sta.get_absolute_url()
    client = _client(officer)
    body = _page(client, url)
    assert "No evidence attached." in body and "Submit for approval" in body
    attach_sta_evidence(
        sta=sta, file=SimpleUploadedFile("quote.pdf", PDF, "application/pdf"), uploaded_by=officer
    )
    body = _page(client, url)
    assert "quote.pdf" in body
    sta = submit_sta(sta=SingleTenderAction.objects.get(pk=sta.pk), submitted_by=officer)
    body = _page(client, url)
    assert "Waiting for approval" in body and "Submit for approval" not in body
    assert "Upload evidence" not in body
    finance = make_user("fin", Role.FINANCE)
    decide_approval_request(
        request=sta.approval_request, decided_by=finance, outcome=ApprovalState.APPROVED
    )
    body = _page(client, url)
    assert SingleTenderAction.objects.get(pk=sta.pk).state == StaState.APPROVED
    assert f"Approved by {finance}" in body


def test_what_one_reader_may_do_is_not_shown_to_another(officer, make_user):
    sta = make_sta(officer)
    assert "Submit for approval" in _page(_client(officer), sta.get_absolute_url())
    finance = _page(_client(make_user("fin", Role.FINANCE)), sta.get_absolute_url())
    assert "Submit for approval" not in finance and "Upload evidence" not in finance


def test_each_reader_of_a_cached_sta_page_gets_their_own_token(officer, officer2):
    sta = make_sta(officer)
    url = sta.get_absolute_url()
    _page(_client(officer, csrf=True), url)  # fills the cache with the first reader's page
    second = _client(officer2, csrf=True)
    action = reverse("commissioning:sta_submit", args=[sta.pk])
    token = _token(_page(second, url), action)
    response = second.post(action, {"csrfmiddlewaretoken": token, "version": sta.version})
    assert response.status_code == 302
    assert SingleTenderAction.objects.get(pk=sta.pk).state == StaState.SUBMITTED


def test_the_request_page_follows_each_decision(officer, make_user):
    sta = submit_sta(sta=make_sta(officer), submitted_by=officer)
    url = reverse("approval_queue:detail", args=[sta.approval_request_id])
    first, second = make_user("fin1", Role.FINANCE), make_user("fin2", Role.FINANCE)
    reader = _client(second, csrf=True)
    assert "Record my decision" in _page(_client(first), url)
    body = _page(reader, url)
    assert "Record my decision" in body and "No decisions yet." in body
    decide_approval_request(
        request=ApprovalRequest.objects.get(pk=sta.approval_request_id),
        decided_by=first,
        outcome=ApprovalState.RETURNED,
        comment="Say why no one else can do it",
    )
    body = _page(reader, url)
    assert "Record my decision" not in body and "Say why no one else can do it" in body
    assert "No decisions yet." not in body and "Returned for changes" in body


def test_each_reader_of_a_cached_request_page_gets_their_own_token(officer, make_user):
    sta = submit_sta(sta=make_sta(officer), submitted_by=officer)
    url = reverse("approval_queue:detail", args=[sta.approval_request_id])
    _page(_client(make_user("fin1", Role.FINANCE), csrf=True), url)
    second = _client(make_user("fin2", Role.FINANCE), csrf=True)
    action = reverse("approval_queue:decide", args=[sta.approval_request_id])
    token = _token(_page(second, url), action)
    response = second.post(action, {"csrfmiddlewaretoken": token, "outcome": "approved"})
    assert response.status_code == 302
    assert ApprovalRequest.objects.get(pk=sta.approval_request_id).state == "approved"


def test_the_project_page_follows_the_plan_evidence_and_each_move(officer):
    from commissioning.project_services import add_evidence, move_project_on, update_plan
    from tests.commissioning.project_factories import plan, project_in_plan

    project = project_in_plan(officer)
    url = project.get_absolute_url()
    client = _client(officer)
    body = _page(client, url)
    assert "Not planned" in body and "No documents attached." in body
    project = update_plan(project=project, details=plan(), actor=officer, version=None)
    body = _page(client, url)
    assert "Victims: £120,000.00" in body and "Victims supported" in body
    add_evidence(
        project=project,
        upload=SimpleUploadedFile("needs.pdf", PDF, "application/pdf"),
        actor=officer,
    )
    assert "needs.pdf" in _page(client, url)
    move_project_on(project=project, actor=officer)
    body = _page(client, url)
    assert "No contract yet." in body and "Use an approved single tender action" in body


def test_each_reader_of_a_cached_project_page_gets_their_own_token(officer, officer2):
    from commissioning.models import CommissioningProject
    from tests.commissioning.project_factories import project_in_understand

    project = project_in_understand(officer)
    url = project.get_absolute_url()
    _page(_client(officer, csrf=True), url)
    second = _client(officer2, csrf=True)
    action = reverse("commissioning:project_move", args=[project.pk])
    token = _token(_page(second, url), action)
    second.post(action, {"csrfmiddlewaretoken": token, "stage": project.stage})
    assert CommissioningProject.objects.get(pk=project.pk).stage == "plan"


def test_whoever_changed_an_sta_sees_no_decision_form_on_its_request(officer, make_user):
    """Segregation of duties on the cached request page: an editor who holds the approving role
    is told why they cannot decide, while another approver gets the form."""
    editor = make_user("editor", Role.OFFICER, Role.FINANCE)
    sta = make_sta(officer)
    sta = update_sta(
        sta=sta, details=sta_details(service="Video interpreting", supplier=sta.supplier),
        edited_by=editor,
    )  # fmt: skip
    sta = submit_sta(sta=sta, submitted_by=officer)
    url = reverse("approval_queue:detail", args=[sta.approval_request_id])
    body = _page(_client(editor), url)
    assert "Record my decision" not in body and "You wrote or changed what this asks" in body
    assert "Record my decision" in _page(_client(make_user("fin", Role.FINANCE)), url)
