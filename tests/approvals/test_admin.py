"""The admin: drafts change through the service, signed notices are read-only and undeletable."""

import pytest
from django.urls import reverse

from approvals.models import DecisionNotice

from .factories import SignedDecisionNoticeFactory

pytestmark = pytest.mark.django_db


def test_signed_notice_is_read_only_in_admin(client_for, superuser, officer):
    notice = SignedDecisionNoticeFactory(drafted_by=officer)
    client = client_for(superuser)
    url = reverse("admin:approvals_decisionnotice_change", args=[notice.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    client.post(url, {"title": "Rewritten"})
    assert DecisionNotice.objects.get(pk=notice.pk).title == notice.title
    delete = client.get(reverse("admin:approvals_decisionnotice_delete", args=[notice.pk]))
    assert delete.status_code == 403


def test_a_draft_edited_in_admin_goes_through_the_service(client_for, superuser_officer, draft):
    superuser = superuser_officer  # the service wants an officer: a bare superuser holds no role
    client = client_for(superuser)
    url = reverse("admin:approvals_decisionnotice_change", args=[draft.pk])
    response = client.post(
        url,
        {
            "title": "Edited in admin",
            "decision_text": draft.decision_text,
            "reasons": draft.reasons,
            "amount": "2000.00",
            "funding_summary": draft.funding_summary,
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Edited in admin"
    assert draft.version == 2
    assert superuser in draft.editors.all()


def test_no_adding_in_admin(client_for, superuser):
    response = client_for(superuser).get(reverse("admin:approvals_decisionnotice_add"))
    assert response.status_code == 403


def test_a_bare_superuser_cannot_edit_a_draft_in_admin(client_for, superuser, draft):
    """A superuser administers but holds no business role: the service refuses the edit."""
    url = reverse("admin:approvals_decisionnotice_change", args=[draft.pk])
    client_for(superuser).post(url, {"title": "Edited by an administrator"})
    draft.refresh_from_db()
    assert draft.title != "Edited by an administrator"
