"""Budget overrides through the approvals engine: segregation of duties, one override per grant,
stream and year however often it is asked for, the returned-for-changes round trip, and the form
page (issue 13 items 4 and 8; issue 16 item 1)."""

from decimal import Decimal as D

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from accounts.roles import Role
from approvals.engine.errors import ApprovalError
from approvals.engine.models import ApprovalRequest
from approvals.engine.selectors import waiting_for
from approvals.engine.services import decide_approval_request
from grants import services
from grants.models import BudgetOverride
from tests.grants.factories import FundingStreamFactory, budget, details, make_grant, year

pytestmark = pytest.mark.django_db


def test_officer_and_finance_cannot_override_what_they_drafted_or_edited(
    make_user, officer, officer2
):
    both = make_user("t_officer_finance", Role.OFFICER, Role.FINANCE)
    stream = FundingStreamFactory()
    budget(stream, 2025, "100.00")
    own = make_grant(both, stream=stream, total="150.00")
    edited = make_grant(officer, stream=stream, total="150.00")
    services.update_grant(
        grant=edited, details=details(stream=stream, total="160.00"), edited_by=both
    )
    for grant in (own, edited):
        asked = services.request_budget_override(
            grant=grant,
            stream=stream,
            year=year(2025),
            amount=D("60.00"),
            reason="Agreed",
            requested_by=officer2,
        )
        assert asked.approval_request not in waiting_for(user=both)
        with pytest.raises(ApprovalError, match="segregation of duties"):
            decide_approval_request(
                request=asked.approval_request, decided_by=both, outcome="approved"
            )
    assert not BudgetOverride.objects.filter(approved_by__isnull=False).exists()


def test_an_override_asked_before_an_edit_is_refused_to_the_editor(make_user, officer, officer2):
    """The engine's authors are those at the time of asking; the grant's own check at approval
    covers whoever changed the grant since (segregation of duties over the whole record)."""
    both = make_user("t_late_editor", Role.OFFICER, Role.FINANCE)
    stream = FundingStreamFactory()
    budget(stream, 2025, "100.00")
    grant = make_grant(officer, stream=stream, total="150.00")
    asked = services.request_budget_override(
        grant=grant,
        stream=stream,
        year=year(2025),
        amount=D("60.00"),
        reason="Agreed",
        requested_by=officer2,
    )
    services.update_grant(
        grant=grant, details=details(stream=stream, total="150.00"), edited_by=both
    )
    with pytest.raises(ApprovalError, match="segregation of duties"):
        decide_approval_request(request=asked.approval_request, decided_by=both, outcome="approved")
    asked.refresh_from_db()
    assert asked.approval_request.state == "pending" and not asked.is_approved


def test_a_double_submitted_override_is_recorded_once(officer, finance_approver):
    stream = FundingStreamFactory()
    budget(stream, 2025, "100.00")
    grant = make_grant(officer, stream=stream, total="150.00")
    kwargs = {
        "grant": grant,
        "stream": stream,
        "year": year(2025),
        "amount": D("50.00"),
        "reason": "Agreed",
        "requested_by": officer,
    }
    key = "6f1c1a52-4b0e-4d44-9a3f-8f5e2a1b3c4d"
    first = services.request_budget_override(**kwargs, request_key=key)
    again = services.request_budget_override(**kwargs, request_key=key)
    assert again.pk == first.pk and again.approval_request_id == first.approval_request_id
    with pytest.raises(services.OverrideAlreadyRecorded, match="waiting for a finance approver"):
        services.request_budget_override(**kwargs)  # another form: refused, told the first
    assert BudgetOverride.objects.count() == 1
    assert ApprovalRequest.objects.filter(kind="budget_override").count() == 1
    request = first.approval_request
    decide_approval_request(request=request, decided_by=finance_approver, outcome="approved")
    with pytest.raises(ApprovalError, match="already approved by"):  # the double click
        decide_approval_request(request=request, decided_by=finance_approver, outcome="approved")
    assert request.decisions.count() == 1
    with pytest.raises(services.OverrideAlreadyRecorded, match="agreed by") as caught:
        services.request_budget_override(**kwargs)
    assert caught.value.override.pk == first.pk
    assert services.budget_shortfalls(award=grant.award) == []


@pytest.mark.parametrize("outcome", ["returned", "rejected"])
def test_a_returned_override_is_asked_again_and_a_rejected_one_is_final(
    officer, finance_approver, outcome
):
    stream = FundingStreamFactory()
    budget(stream, 2025, "100.00")
    grant = make_grant(officer, stream=stream, total="150.00")
    kwargs = {"grant": grant, "stream": stream, "year": year(2025), "requested_by": officer}
    first = services.request_budget_override(**kwargs, amount=D("50.00"), reason="Agreed")
    decide_approval_request(
        request=first.approval_request,
        decided_by=finance_approver,
        outcome=outcome,
        comment="Say which underspend pays for it",
    )
    assert services.budget_shortfalls(award=grant.award) != []  # nothing agreed
    entry = LogEntry.objects.get_for_object(grant).filter(
        additional_data__event=f"budget_override_{outcome}"
    )
    assert "Say which underspend pays for it" in entry.get().additional_data["message"]
    if outcome == "rejected":
        with pytest.raises(services.OverrideAlreadyRecorded, match="cannot be asked for again"):
            services.request_budget_override(**kwargs, amount=D("50.00"), reason="Again")
        return
    again = services.request_budget_override(
        **kwargs, amount=D("50.00"), reason="The youth underspend pays for it"
    )
    assert again.pk == first.pk and again.approval_request_id != first.approval_request_id
    assert first.approval_request.decisions.get().outcome == "returned"  # history kept
    decide_approval_request(
        request=again.approval_request, decided_by=finance_approver, outcome="approved"
    )
    assert services.budget_shortfalls(award=grant.award) == []


def test_the_override_form_is_prefilled_and_speaks_plainly(
    client_for, officer, officer2, finance_approver
):
    stream = FundingStreamFactory(name="Safer streets fund")
    budget(stream, 2025, "100.00")
    grant = make_grant(officer, stream=stream, total="150.00")
    assert client_for(finance_approver).get(
        reverse("grants:grant_override", args=[grant.pk])
    ).status_code in (302, 403)  # finance decides in the queue; it does not ask
    client = client_for(officer2)
    url = reverse("grants:grant_override", args=[grant.pk])
    page = client.get(url).content.decode()
    assert 'value="50.00"' in page  # the shortfall the system knows
    assert f'<option value="{stream.pk}" selected>' in page
    assert '<option value="2025" selected>2025/26</option>' in page
    assert "---------" not in page

    refused = client.post(
        url,
        {"stream": stream.pk, "financial_year": "2025", "amount": "fifty", "reason": ""},
    )
    text = refused.content.decode()
    assert refused.status_code == 200
    assert 'href="#id_reason"' in text and 'href="#id_amount"' in text  # summary links to fields
    assert "Enter why this grant may go beyond the budget" in text
    assert "This field is required" not in text
    assert 'value="fifty"' in text  # what was typed is kept
    assert not BudgetOverride.objects.exists()

    done = client.post(
        url,
        {"stream": stream.pk, "financial_year": "2025", "amount": "50.00", "reason": "Agreed"},
        follow=True,
    )
    assert "Budget override asked for" in done.content.decode()
    override = BudgetOverride.objects.get()
    assert override.amount == D("50.00") and not override.is_approved

    # ... and it waits in the finance queue, where the approver decides it.
    finance = client_for(finance_approver)
    queue = finance.get(reverse("approval_queue:waiting")).content.decode()
    assert "Budget override for grant" in queue and grant.reference in queue
    detail = finance.get(reverse("approval_queue:detail", args=[override.approval_request_id]))
    text = detail.content.decode()
    assert "must be approved by the Finance approver" in text  # who and why, from the band
    assert grant.get_absolute_url() in text  # the grant it is about, one click away
    url = reverse("approval_queue:decide", args=[override.approval_request_id])
    finance.post(url, {"outcome": "approved", "comment": ""})
    override.refresh_from_db()
    assert override.approved_by == finance_approver and override.is_approved
    assert "Agreed by" in finance.get(grant.get_absolute_url()).content.decode()


def test_an_override_for_a_grant_no_longer_draft_is_not_agreed(officer, finance_approver):
    """The grant's outcome handler refuses inside the decision's transaction: nothing is stored,
    and the approver is told why (they can still reject it with a comment)."""
    from grants.models import Grant
    from grants.services.overrides import OVERRIDE_ONLY_FOR_DRAFTS

    stream = FundingStreamFactory()
    budget(stream, 2025, "100.00")
    grant = make_grant(officer, stream=stream, total="150.00")
    asked = services.request_budget_override(
        grant=grant,
        stream=stream,
        year=year(2025),
        amount=D("50.00"),
        reason="Agreed",
        requested_by=officer,
    )
    Grant.objects.filter(pk=grant.pk).update(state="withdrawn")  # arrange only
    request = asked.approval_request
    with pytest.raises(ApprovalError, match=OVERRIDE_ONLY_FOR_DRAFTS):
        decide_approval_request(request=request, decided_by=finance_approver, outcome="approved")
    request.refresh_from_db()
    asked.refresh_from_db()
    assert request.state == "pending" and not request.decisions.exists()
    assert not asked.is_approved
    decide_approval_request(
        request=request, decided_by=finance_approver, outcome="rejected", comment="Withdrawn"
    )
    request.refresh_from_db()
    assert request.state == "rejected"
