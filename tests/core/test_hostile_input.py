"""Every form in the service driven with hostile values, every list filter with NULs and
30-digit integers: never a 500, a clear message each time, and nothing changed when refused.

Runs on SQLite and, in CI's second pass, on PostgreSQL (where a NUL reaching a query fails).
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse

from grants.models import Grant, PlanTheme
from providers.models import Organisation
from tests.approvals.factories import DecisionNoticeFactory
from tests.factories import ContactFactory
from tests.grants.factories import FundingStreamFactory, make_grant

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
HOSTILE = {
    "exponent": "1e40",
    "comma": "1,25",
    "nul": "Safe\x00text",
    "long": "x" * 10_000,
    "lookalike": "\u041cind in Cambs\u200b",  # Cyrillic М and a zero-width space
    "emoji": "🙂🙂🙂",
    "huge": HUGE,
}
HIDDEN = {"version", "shares-TOTAL_FORMS"}  # bookkeeping: the summary speaks for them
# Always refused wherever they are typed (the others may be fine in a free-text field).
ALWAYS_REFUSED = {"nul", "long"}
DJANGO_DEFAULTS = (
    "This field is required.",
    "Null characters are not allowed.",
    "Ensure this value",
    "Enter a whole number.",
    "Select a valid choice.",
    "Enter a valid date.",
    "Enter a number.",
)
WATCHED = ("grants.Grant", "grants.Award", "grants.FundingShare", "grants.Commitment",
           "grants.DeliveryActivity", "grants.GrantCondition", "providers.Organisation",
           "providers.Contact", "approvals.DecisionNotice")  # fmt: skip


def _snapshot() -> dict:
    return {name: list(apps.get_model(name).objects.values()) for name in WATCHED}


def _drive(client, url: str, base: dict, fields: list[str], *, refused=ALWAYS_REFUSED):
    """POST the valid `base` with each field in turn set to each hostile value."""
    for field in fields:
        for kind, value in HOSTILE.items():
            with transaction.atomic():  # each attempt starts from the same rows
                before = _snapshot()
                response = client.post(url, {**base, field: value})
                after = _snapshot()
                transaction.set_rollback(True)
            page = response.content.decode()
            where = f"{url} {field}={kind}"
            assert response.status_code in (200, 302, 400), where
            for default in DJANGO_DEFAULTS:
                assert default not in page, f"{where}: {default}"
            if response.status_code != 302:  # shown again (200, or 400 where a form says so)
                assert "There is a problem" in page, f"{where}: no error summary"
                if field not in HIDDEN:
                    assert 'class="govuk-error-message"' in page, f"{where}: no inline error"
                assert after == before, f"{where}: a row changed"
            else:
                assert kind not in refused, f"{where}: accepted"


def _grant_data(stream, recipient, theme) -> dict:
    return {
        "title": "Community safety project",
        "recipient": recipient.pk,
        "purpose": "Safer streets",
        "start_date_day": "1",
        "start_date_month": "4",
        "start_date_year": "2025",
        "end_date_day": "31",
        "end_date_month": "3",
        "end_date_year": "2026",
        "total": "1500.00",
        "themes": [theme.pk],
        "conditions": "Report quarterly",
        "shares-TOTAL_FORMS": "1",
        "shares-INITIAL_FORMS": "0",
        "shares-MIN_NUM_FORMS": "1",
        "shares-MAX_NUM_FORMS": "20",
        "shares-0-funder": f"s{stream.pk}",
        "shares-0-amount": "1500.00",
        "activities-TOTAL_FORMS": "1",
        "activities-INITIAL_FORMS": "0",
        "activities-MIN_NUM_FORMS": "1",
        "activities-MAX_NUM_FORMS": "20",
        "activities-0-description": "Street events",
        "activities-0-target": "12",
    }


GRANT_FIELDS = [
    "title", "recipient", "purpose", "start_date_day", "start_date_month", "start_date_year",
    "end_date_year", "total", "themes", "conditions", "shares-0-funder", "shares-0-amount",
    "activities-0-description", "activities-0-target", "shares-TOTAL_FORMS",
]  # fmt: skip


def test_grant_forms(client_for, officer, organisation):
    stream = FundingStreamFactory()
    theme = PlanTheme.objects.get(name="Communities")
    client = client_for(officer)
    base = _grant_data(stream, organisation, theme)
    # total and amounts: the money parser refuses 1e40, 1,25 and 30 digits
    _drive(client, reverse("grants:grant_create"), base, ["total", "shares-0-amount"],
           refused=set(HOSTILE))  # fmt: skip
    Grant.objects.all().delete()
    _drive(client, reverse("grants:grant_create"), base, GRANT_FIELDS)
    grant = make_grant(officer, stream=stream, total="1500.00", title="Existing grant")
    edit = {**base, "version": str(grant.version)}  # the version the form was opened at
    _drive(client, reverse("grants:grant_edit", args=[grant.pk]), edit, GRANT_FIELDS)


def test_grant_form_empty_says_what_to_enter(client_for, officer):
    response = client_for(officer).post(reverse("grants:grant_create"), {})
    page = response.content.decode()
    assert response.status_code == 200
    for message in ("Enter a title for the grant", "Enter the start date",
                    "Enter the total amount of the grant", "Enter what the money is for"):  # fmt: skip
        assert message in page
    assert "This field is required." not in page


ORGANISATION = {
    "name": "New Hope Trust",
    "kind": "charity",
    "charity_number": "1187654",
    "town": "Cambridge",
    "postcode": "CB2 3QJ",
    "countywide": "True",
    "website": "https://example.org",
    "email": "a@example.org",
    "phone": "01223 000000",
}
ORGANISATION_FIELDS = ["name", "kind", "charity_number", "company_number", "address_line_1",
                       "town", "postcode", "countywide", "districts", "website", "email",
                       "phone"]  # fmt: skip


def test_directory_forms(client_for, officer, organisation):
    client = client_for(officer)
    Organisation.objects.create(name="Mind in Cambs", kind="other")
    _drive(client, reverse("providers:create"), ORGANISATION, ORGANISATION_FIELDS)
    assert not Organisation.objects.filter(name__contains="ind in Cambs").exclude(
        name="Mind in Cambs"
    ), "a look-alike of an existing name was accepted"
    edit = {
        **ORGANISATION,
        "name": organisation.name,
        "charity_number": organisation.charity_number,
    }
    _drive(client, reverse("providers:edit", args=[organisation.pk]), edit, ORGANISATION_FIELDS)
    contact = {"name": "Pat Jones", "job_title": "Manager", "email": "p@example.org", "phone": "1"}
    fields = ["name", "job_title", "email", "phone"]
    _drive(client, reverse("providers:contact_add", args=[organisation.pk]), contact, fields)
    existing = ContactFactory(organisation=organisation, name="Sam Smith")
    url = reverse("providers:contact_edit", args=[organisation.pk, existing.pk])
    _drive(client, url, contact, fields)


NOTICE = {
    "title": "Youth Fund grant release",
    "decision_text": "The Commissioner approves the release.",
    "reasons": "It meets the criteria.",
    "amount": "1500.00",
    "funding_summary": "Youth Fund 2025/26",
}


def test_decision_notice_forms(client_for, officer, commissioner):
    client = client_for(officer)
    fields = ["title", "decision_text", "reasons", "amount", "funding_summary"]
    _drive(client, reverse("approvals:notice_create"), NOTICE, fields)
    notice = DecisionNoticeFactory(drafted_by=officer, title="Existing notice")
    url = reverse("approvals:notice_edit", args=[notice.pk])
    _drive(client, url, {**NOTICE, "version": notice.version}, [*fields, "version"])
    url = reverse("approvals:notice_withdraw", args=[notice.pk])
    _drive(client, url, {"reason": "No longer needed"}, ["reason"])


def test_login_and_password_forms(client, officer, client_for):
    url = reverse("accounts:login")
    for kind, value in HOSTILE.items():
        response = client.post(url, {"username": value, "password": value})
        page = response.content.decode()
        assert response.status_code == 200, kind
        assert "There is a problem" in page and "This field is required." not in page
    client = client_for(officer)
    url = reverse("accounts:password_change")
    for kind, value in HOSTILE.items():
        response = client.post(
            url, {"old_password": value, "new_password1": value, "new_password2": value}
        )
        assert response.status_code == 200, kind
        assert "There is a problem" in response.content.decode()


FILTERS = [
    ("grants:grant_list", {"q": "\x00"}),
    ("grants:grant_list", {"stream": HUGE}),
    ("grants:grant_list", {"theme": HUGE, "recipient": "\x00"}),
    ("grants:grant_list", {"year": "\x00"}),
    ("grants:grant_list", {"state": "\x00", "sort": "\x00", "page": HUGE}),
    ("providers:list", {"q": "\x00"}),
    ("providers:list", {"area": HUGE, "kind": "\x00", "page": HUGE}),
    ("approvals:notice_list", {"q": "\x00"}),
    ("approvals:notice_list", {"year": HUGE, "state": "\x00", "page": "\x00"}),
]


@pytest.mark.parametrize(("name", "params"), FILTERS)
def test_list_filters_refuse_nuls_and_huge_numbers(client_for, officer, name, params):
    make_grant(officer, stream=FundingStreamFactory(), total="1000.00")
    response = client_for(officer).get(reverse(name), params)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page or "govuk-error-message" in page, "no message"


@pytest.mark.parametrize(
    "url",
    [
        f"/funding/grants/{HUGE}/",
        f"/funding/grants/{HUGE}/edit/",
        f"/funding/streams/{HUGE}/",
        f"/providers/{HUGE}/",
        f"/providers/1/contacts/{HUGE}/edit/",
        f"/decisions/{HUGE}/",
        "/funding/grants/2147483648/",
    ],
)
def test_thirty_digit_ids_in_urls_are_not_found(client_for, officer, url):
    assert client_for(officer).get(url).status_code == 404


def test_new_grant_link_with_a_huge_stream_id(client_for, officer):
    response = client_for(officer).get(reverse("grants:grant_create"), {"stream": HUGE})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("Nul\x00", "Remove the control characters from the reason"),
        ("x" * 10_000, "Enter the reason in 2,000 characters or fewer"),
    ],
)
def test_a_grant_action_reason_is_guarded(client_for, officer, reason, message):
    grant = make_grant(officer, stream=FundingStreamFactory(), total="1000.00")
    url = reverse("grants:grant_action", args=[grant.pk, "withdraw"])
    response = client_for(officer).post(url, {"reason": reason}, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    grant.refresh_from_db()
    assert grant.state == "draft"
