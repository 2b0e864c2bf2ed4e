"""Issue 12 "Done when": a notice over two grants is not signable after one is rejected or the other
changed, is redrafted, sent back with comments, changed and signed; the public page never shows the
rejected grant as approved."""

import pytest

from approvals.models import DecisionNotice, DecisionNoticeState
from grants.models import Grant, GrantState
from grants.services import notice_signing_blockers
from tests.grants.factories import FundingStreamFactory, budget, make_grant


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def _click(page, role: str, name: str):
    page.get_by_role(role, name=name, exact=True).first.click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_a_notice_binds_its_grants_through_rejection_change_and_send_back(
    officer, commissioner, login, page, live_server, axe
):
    stream = FundingStreamFactory()
    budget(stream, 2025, "100000.00")
    first = make_grant(officer, stream=stream, title="Knife crime outreach")
    second = make_grant(officer, stream=stream, title="Victim support line")
    base = live_server.url

    # The officer drafts one notice for both grants and sends them for decision.
    login(officer)
    page.goto(f"{base}{first.get_absolute_url()}")
    _click(page, "button", "Draft decision notice")
    notice = DecisionNotice.objects.get()
    page.goto(f"{base}{second.get_absolute_url()}")
    axe("draft grant that can join a notice")
    _click(page, "button", "Add to this decision notice")
    assert "Victim support line" in page.locator("#decided-facts").inner_text()
    for grant in (first, second):
        page.goto(f"{base}{grant.get_absolute_url()}")
        _click(page, "button", "Submit for decision")
    assert set(Grant.objects.values_list("state", flat=True)) == {GrantState.AWAITING_DECISION}
    _sign_out(page)

    # The Commissioner rejects one, with a reason; the notice now says why it cannot be signed.
    login(commissioner)
    page.goto(f"{base}{first.get_absolute_url()}")
    _click(page, "link", "Reject")
    axe("reject confirmation")
    _click(page, "button", "Reject")
    assert "Enter why the grant is rejected" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Why is the grant rejected?").fill("Duplicates a service already funded")
    _click(page, "button", "Reject")
    assert "Duplicates a service already funded" in page.locator("main").inner_text()
    page.goto(f"{base}{notice.get_absolute_url()}")
    text = page.locator("main").inner_text()
    assert f"Grant {first.reference} has been rejected" in text
    assert page.get_by_role("button", name="Sign this decision notice").count() == 0
    axe("notice that cannot be signed")
    _sign_out(page)

    # The officer changes the other grant: the old notice cannot be signed; they redraft it.
    login(officer)
    page.goto(f"{base}{second.get_absolute_url()}")
    _click(page, "button", "Return to draft")
    _click(page, "link", "Change grant")
    page.get_by_label("Title").fill("Victim support line, evenings too")
    _click(page, "button", "Save as draft")
    _click(page, "button", "Submit for decision")
    notice.refresh_from_db()
    reasons = " ".join(notice_signing_blockers(notice=notice))
    assert f"Grant {second.reference} has changed since this notice was drafted" in reasons
    _click(page, "button", "Redraft decision notice")
    assert "evenings too" in page.locator("#decided-facts").inner_text()
    assert first.reference not in page.locator("#decided-facts").inner_text()
    _sign_out(page)

    # The Commissioner sends it back with comments; the officer changes it; the Commissioner signs.
    login(commissioner)
    page.goto(f"{base}{notice.get_absolute_url()}")
    _click(page, "button", "Send back to the drafter")
    axe("send back page")
    page.get_by_label("What should the officer change?").fill("Say how calls will be counted.")
    _click(page, "button", "Send back")
    assert DecisionNotice.objects.get().state == DecisionNoticeState.RETURNED
    _sign_out(page)

    login(officer)
    page.goto(f"{base}{notice.get_absolute_url()}")
    assert "Say how calls will be counted." in page.locator("#sent-back").inner_text()
    _click(page, "button", "Change draft")
    page.get_by_label("Reasons for the decision").fill("Calls are counted by the helpline's log.")
    _click(page, "button", "Save draft")
    _sign_out(page)

    login(commissioner)
    page.goto(f"{base}{notice.get_absolute_url()}")
    _click(page, "button", "Sign this decision notice")
    page.get_by_label("I have read this decision notice and I approve it").check()
    _click(page, "button", "Sign decision notice")
    notice.refresh_from_db()
    assert notice.state == DecisionNoticeState.SIGNED
    assert Grant.objects.get(pk=second.pk).state == GrantState.APPROVED
    assert Grant.objects.get(pk=first.pk).state == GrantState.REJECTED

    # The public page shows the approved grant and never the rejected one.
    _sign_out(page)
    page.goto(f"{base}{notice.get_public_url()}")
    axe("public notice")
    public = page.locator("main").inner_text()
    assert second.reference in public and first.reference not in public
