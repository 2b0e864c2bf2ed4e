"""The STA forms and the approval decision form driven with hostile values like every other form
(1e40, NULs, 10,000 characters, look-alike Unicode): never a 500, a message in the user's words,
and nothing recorded when refused."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from approvals.engine.services import request_approval
from commissioning import services
from commissioning.models import StaState
from core.forms import STALE_PAGE
from tests.commissioning.factories import make_sta
from tests.commissioning.test_views import _post_data
from tests.core import test_hostile_input as hostile

pytestmark = pytest.mark.django_db

STA_TEXT = [
    "kind", "existing_contract_reference", "supplier", "service", "category",
    "options_description", "start_date_day", "start_date_month", "start_date_year",
    "end_date_year", "procurement_start_date_year", "case", "ground", "justification",
    "transparency_notice_reference", "transparency_notice_published_on_year",
    "shares-0-funder", "shares-TOTAL_FORMS",
]  # fmt: skip
STA_MONEY = ["whole_life_value", "shares-0-amount"]


@pytest.fixture(autouse=True)
def _watch_approvals(monkeypatch):
    watched = ("commissioning.SingleTenderAction", "approvals.ApprovalRequest",
               "approvals.ApprovalDecision", "documents.Document")  # fmt: skip
    monkeypatch.setattr(hostile, "WATCHED", (*hostile.WATCHED, *watched))


def test_sta_forms(client_for, officer, organisation):
    client = client_for(officer)
    base = _post_data(organisation, request_key=str(uuid.uuid4()))
    url = reverse("commissioning:sta_create")
    hostile._drive(client, url, base, STA_MONEY, refused=set(hostile.HOSTILE))
    hostile._drive(client, url, base, STA_TEXT)
    sta = make_sta(officer)
    edit = {**_post_data(organisation), "version": str(sta.version)}
    url = reverse("commissioning:sta_edit", args=[sta.pk])
    hostile._drive(client, url, edit, STA_MONEY, refused=set(hostile.HOSTILE))
    hostile._drive(client, url, edit, [*STA_TEXT, "version"])


def test_sta_submit_form_refuses_a_tampered_version(client_for, officer):
    """The submit button's form is only its version: any hostile value is a stale page, and the
    STA is not submitted (never submitted without the version check)."""
    sta = make_sta(officer)
    url = reverse("commissioning:sta_submit", args=[sta.pk])
    client = client_for(officer)
    for kind, value in [*hostile.HOSTILE.items(), ("missing", None)]:
        data = {} if value is None else {"version": value}
        response = client.post(url, data, follow=True)
        assert response.status_code == 200, kind
        page = response.content.decode()
        assert STALE_PAGE in page or services.CHANGED_SINCE_OPENED in page, kind
        sta.refresh_from_db()
        assert sta.state == StaState.DRAFT and sta.approval_request_id is None, kind


@pytest.mark.parametrize("outcome", ["approved", "returned", "rejected"])
def test_approval_decision_form(client_for, officer, finance_approver, outcome):
    request = request_approval(
        kind="sta", value=Decimal("120000"), title="Interpreting", requested_by=officer
    )
    url = reverse("approval_queue:decide", args=[request.pk])
    base = {"outcome": outcome, "comment": "Say which budget pays for it"}
    hostile._drive(client_for(finance_approver), url, base, ["outcome", "comment"])
