"""Decision notice pages: every role's access, the list, the forms and signing by POST (print, PDF,
public pages and the hooks' sections are in test_notice_documents.py)."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals import permissions as p
from approvals.models import DecisionNotice, DecisionNoticeState
from approvals.services import update_decision_notice
from core.forms import AMOUNT_FORMAT

from .factories import DecisionNoticeFactory, SignedDecisionNoticeFactory, client_of

pytestmark = pytest.mark.django_db

STAFF = ["officer", "commissioner", "finance_approver", "administrator"]
OUTSIDERS = ["evaluator", "provider_user"]


def _form_data(**overrides):
    data = {
        "title": "Community resilience grant",
        "decision_text": "The Commissioner approves the release of the agreed grant.",
        "reasons": "Think Communities strengthens partnership working.",
        "amount": "£90,000",
        "funding_summary": "Crime and Disorder Reduction Grants £90,000 for 2026/27",
    }
    data.update(overrides)
    return data


# --- who gets in -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [*((w, 200) for w in STAFF), *((w, 403) for w in OUTSIDERS), ("anonymous", 302)],
)
@pytest.mark.parametrize("page", ["notice_list", "notice_detail", "notice_print"])
def test_office_pages_by_role(request, draft, who, status, page):
    args = [] if page == "notice_list" else [draft.pk]
    response = client_of(request, who).get(reverse(f"approvals:{page}", args=args))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("officer", 200),
        ("officer2", 200),
        ("commissioner", 403),
        ("finance_approver", 403),
        ("administrator", 403),
        ("evaluator", 403),
        ("provider_user", 403),
        ("anonymous", 302),
    ],
)
@pytest.mark.parametrize("page", ["notice_create", "notice_edit", "notice_withdraw"])
def test_drafting_pages_by_role(request, draft, who, status, page):
    args = [] if page == "notice_create" else [draft.pk]
    response = client_of(request, who).get(reverse(f"approvals:{page}", args=args))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("commissioner", 200),
        ("officer", 403),  # the drafter
        ("officer2", 403),
        ("finance_approver", 403),
        ("administrator", 403),
        ("evaluator", 403),
        ("provider_user", 403),
        ("anonymous", 302),
    ],
)
def test_sign_confirmation_page_by_role(request, draft, who, status):
    response = client_of(request, who).get(
        reverse("approvals:notice_sign_confirm", args=[draft.pk])
    )
    assert response.status_code == status


def test_a_missing_notice_is_404_for_staff(client_for, officer):
    response = client_for(officer).get(reverse("approvals:notice_detail", args=[999999]))
    assert response.status_code == 404


def test_a_signed_notice_cannot_be_edited_or_withdrawn(client_for, officer, signed):
    client = client_for(officer)
    for page in ("notice_edit", "notice_withdraw"):
        response = client.get(reverse(f"approvals:{page}", args=[signed.pk]))
        assert response.status_code == 403
        assert p.NOT_A_DRAFT_SIGNED.format(number=signed.number) in response.content.decode()


# --- the list ----------------------------------------------------------------------------------


def test_list_shows_notices_and_the_commissioners_queue(client_for, commissioner, draft, signed):
    response = client_for(commissioner).get(reverse("approvals:notice_list"))
    html = response.content.decode()
    assert signed.number in html and draft.title in html
    assert "Awaiting your signature" in html
    assert list(response.context["awaiting"]) == [draft]
    assert "Draft a decision notice" not in html  # commissioners do not draft


def test_list_empty_state(client_for, officer):
    html = client_for(officer).get(reverse("approvals:notice_list")).content.decode()
    assert "No decision notices yet" in html
    assert "Draft a decision notice" in html


@pytest.mark.parametrize(
    ("query", "expect_draft", "expect_signed"),
    [
        ({"state": "draft"}, True, False),
        ({"state": "signed"}, False, True),
        ({"q": "youth fund"}, False, True),
        ({"q": "community"}, True, False),
        ({"q": "CPCC-{year}-001"}, False, True),
        ({"q": "{year}/1"}, False, True),
        ({"year": "{year}"}, True, True),
        ({"year": "1999"}, True, True),  # not a year on offer: that filter is dropped
        ({"year": "1999", "state": "signed"}, False, True),  # ...and only that one
    ],
)
def test_list_filters(client_for, officer, draft, signed, query, expect_draft, expect_signed):
    params = {k: v.format(year=signed.year) for k, v in query.items()}
    response = client_for(officer).get(reverse("approvals:notice_list"), params)
    shown = set(response.context["notices"])
    assert (draft in shown) is expect_draft
    assert (signed in shown) is expect_signed


@pytest.mark.parametrize(
    ("sort", "first"),
    [("number", "signed_1"), ("-number", "signed_2"), ("title", "a"), ("-title", "z")],
)
def test_list_sorts(client_for, officer, commissioner, sort, first):
    made = {
        "signed_1": SignedDecisionNoticeFactory(drafted_by=officer, title="m first"),
        "signed_2": SignedDecisionNoticeFactory(drafted_by=officer, title="m second"),
        "a": DecisionNoticeFactory(drafted_by=officer, title="a draft"),
        "z": DecisionNoticeFactory(drafted_by=officer, title="z draft"),
    }
    response = client_for(officer).get(reverse("approvals:notice_list"), {"sort": sort})
    assert response.context["notices"][0] == made[first]


def test_list_paginates(client_for, officer, settings):
    settings.PAGE_SIZE = 5
    DecisionNoticeFactory.create_batch(7, drafted_by=officer)
    client = client_for(officer)
    assert len(client.get(reverse("approvals:notice_list")).context["notices"]) == 5
    second = client.get(reverse("approvals:notice_list"), {"page": 2})
    assert len(second.context["notices"]) == 2


def test_list_table_cache_shows_an_edit_and_a_deletion_at_once(
    client_for, officer, commissioner2, draft
):
    """The table is cached per version of the notices: each change shows on the next request."""
    client = client_for(officer)
    url = reverse("approvals:notice_list")
    assert draft.title in client.get(url).content.decode()
    update_decision_notice(
        notice=draft,
        edited_by=officer,
        expected_version=draft.version,
        **{**_form_data(title="Renamed resilience grant"), "amount": Decimal("90000.00")},
    )
    html = client.get(url).content.decode()
    assert "Renamed resilience grant" in html and "Community resilience grant" not in html
    other = DecisionNoticeFactory(drafted_by=officer, title="Second draft to delete")
    assert "Second draft to delete" in client.get(url).content.decode()
    other.delete()
    html = client.get(url).content.decode()
    assert "Second draft to delete" not in html


def test_list_filtered_count_follows_a_new_notice(client_for, officer, settings):
    settings.PAGE_SIZE = 2
    DecisionNoticeFactory.create_batch(2, drafted_by=officer, title="Match me")
    client = client_for(officer)
    url = reverse("approvals:notice_list")
    first = client.get(url, {"q": "match"})
    assert first.context["page_obj"].paginator.count == 2
    DecisionNoticeFactory(drafted_by=officer, title="Match me too")
    again = client.get(url, {"q": "match", "page": 2})
    assert again.context["page_obj"].paginator.count == 3
    assert "Match me" in again.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow_with_rows(
    client_for, officer, commissioner, rows, django_assert_max_num_queries
):
    for i in range(rows):
        if i % 3 == 0:
            SignedDecisionNoticeFactory(drafted_by=officer, signed_by=commissioner)
        else:
            DecisionNoticeFactory(drafted_by=officer)
    client = client_for(commissioner)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("approvals:notice_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("editors", [1, 8])
def test_detail_query_count_does_not_grow_with_editors(
    client_for, officer, commissioner, make_user, editors, django_assert_max_num_queries
):
    from accounts.roles import Role

    notice = DecisionNoticeFactory(drafted_by=officer)
    for i in range(editors):
        update_decision_notice(
            notice=notice,
            edited_by=make_user(f"t_editor{i}", Role.OFFICER),
            reasons=f"Reasons v{i}",
        )
    client = client_for(commissioner)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("approvals:notice_detail", args=[notice.pk]))
    assert response.status_code == 200


# --- drafting and editing ----------------------------------------------------------------------


def test_an_officer_drafts_a_notice(client_for, officer):
    client = client_for(officer)
    form = client.get(reverse("approvals:notice_create")).context["form"]
    key = form["request_key"].value()
    response = client.post(reverse("approvals:notice_create"), _form_data(request_key=key))
    notice = DecisionNotice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == notice.get_absolute_url()
    assert notice.amount == Decimal("90000.00")
    assert notice.drafted_by == officer
    # A double click posts the same form again: still one notice, same page.
    again = client.post(reverse("approvals:notice_create"), _form_data(request_key=key))
    assert again["Location"] == notice.get_absolute_url()
    assert DecisionNotice.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a title"),
        ({"title": "   "}, "title", "Enter a title"),
        ({"reasons": ""}, "reasons", "Enter the reasons for the decision"),
        ({"amount": "lots"}, "amount", AMOUNT_FORMAT),
        ({"amount": "0"}, "amount", "Enter an amount greater than £0, or leave it blank"),
    ],
)
def test_bad_input_shows_field_errors_and_keeps_what_was_typed(
    client_for, officer, overrides, field, message
):
    data = _form_data(**overrides, funding_summary="Typed funding text that must survive")
    response = client_for(officer).post(reverse("approvals:notice_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="#id_{field}"' in html
    assert message in response.context["form"].errors[field]
    assert "Typed funding text that must survive" in html
    assert not DecisionNotice.objects.exists()


def test_an_officer_edits_a_draft(client_for, officer2, draft):
    client = client_for(officer2)
    response = client.post(
        reverse("approvals:notice_edit", args=[draft.pk]),
        _form_data(title="Revised", version=draft.version),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Revised"
    assert officer2 in draft.editors.all()


def test_a_stale_edit_keeps_the_typed_text_and_explains(client_for, officer, officer2, draft):
    update_decision_notice(notice=draft, edited_by=officer2, title="Someone else's title")
    response = client_for(officer).post(
        reverse("approvals:notice_edit", args=[draft.pk]),
        _form_data(title="My title", version=1),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone changed this decision notice after you opened it" in html
    assert 'value="My title"' in html
    assert DecisionNotice.objects.get(pk=draft.pk).title == "Someone else's title"


def test_withdrawing_a_draft_through_the_page(client_for, officer, draft):
    client = client_for(officer)
    missing = client.post(reverse("approvals:notice_withdraw", args=[draft.pk]), {"reason": ""})
    assert "Enter why the draft is being withdrawn" in missing.content.decode()
    response = client.post(
        reverse("approvals:notice_withdraw", args=[draft.pk]), {"reason": "Merged into another"}
    )
    assert response.status_code == 302
    assert DecisionNotice.objects.get(pk=draft.pk).state == DecisionNoticeState.WITHDRAWN


def test_list_filter_panel_cache_follows_the_query_and_a_new_year(client_for, officer, draft):
    """The filter panel is cached with the table (same key): what was typed and a year that a new
    notice brings show on the next request."""
    client = client_for(officer)
    url = reverse("approvals:notice_list")
    assert 'value="2019"' not in client.get(url).content.decode()
    assert 'value="first search"' in client.get(url, {"q": "first search"}).content.decode()
    html = client.get(url, {"q": "second search"}).content.decode()
    assert 'value="second search"' in html and "first search" not in html
    DecisionNoticeFactory(drafted_by=officer, drafted_at=timezone.make_aware(datetime(2019, 6, 1)))
    assert 'value="2019"' in client.get(url).content.decode()
