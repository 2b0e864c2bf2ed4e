"""Decision notices in the browser: an officer drafts, a commissioner signs, the public reads it."""

import re

import pytest

from approvals.models import DecisionNotice, DecisionNoticeState


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_officer_drafts_commissioner_signs_public_reads(
    officer, commissioner, login, page, live_server, axe
):
    # The officer drafts it, fixing a mistake the form points out.
    login(officer)
    page.goto(f"{live_server.url}/decisions/")
    axe("decision notice list (empty)")
    page.get_by_role("button", name="Draft a decision notice").click()
    page.wait_for_load_state()
    axe("draft form")
    page.get_by_label("Title").fill("Community resilience grant to Cambridgeshire County Council")
    page.get_by_label("Decision", exact=True).fill(
        "The Commissioner approves the release of the agreed grant to Cambridgeshire County "
        "Council to deliver a work programme to promote community resilience."
    )
    page.get_by_label("Amount released").fill("ninety thousand")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert "Enter the reasons for the decision" in summary.inner_text()
    assert "Enter an amount in pounds and pence" in summary.inner_text()
    axe("draft form with errors")
    assert page.get_by_label("Title").input_value().startswith("Community resilience grant")
    page.get_by_label("Reasons for the decision").fill(
        "Think Communities strengthens partnership working and the local authorities' "
        "commitment to the Police and Crime Plan."
    )
    page.get_by_label("Amount released").fill("£90,000")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Community resilience")
    assert "so someone else must sign it" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Sign this decision notice").count() == 0
    axe("draft detail as the drafter")
    notice = DecisionNotice.objects.get()
    assert notice.state == DecisionNoticeState.DRAFT
    _sign_out(page)

    # The commissioner finds it waiting, reads it and signs it.
    login(commissioner)
    page.goto(f"{live_server.url}/decisions/")
    axe("decision notice list (commissioner)")
    page.locator("#awaiting-heading + ul").get_by_role("link", name=notice.title).click()
    page.wait_for_load_state()
    axe("draft detail as the commissioner")
    page.get_by_role("button", name="Sign this decision notice").click()
    page.wait_for_load_state()
    axe("sign confirmation")
    page.get_by_role("button", name="Sign decision notice").click()
    page.wait_for_load_state()
    assert "Confirm that you have read" in page.locator(".govuk-error-summary").inner_text()
    axe("sign confirmation with error")
    page.get_by_label("I have read this decision notice and I approve it").check()
    page.get_by_role("button", name="Sign decision notice").click()
    page.wait_for_load_state()
    notice.refresh_from_db()
    assert notice.state == DecisionNoticeState.SIGNED
    assert re.fullmatch(r"CPCC \d{4}-001", notice.number)
    assert f"Decision notice signed: {notice.number}" in page.locator("main").inner_text()
    assert page.locator(".govuk-caption-l").inner_text() == notice.number
    axe("signed detail")
    page.get_by_role("link", name="Printable version").click()
    page.wait_for_load_state()
    assert notice.number in page.locator("main").inner_text()
    axe("printable version")
    _sign_out(page)

    # Anyone can read it without signing in.
    page.goto(f"{live_server.url}{notice.get_public_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == notice.title
    main = page.locator("main").inner_text()
    assert notice.number in main and "£90,000.00" in main
    assert page.get_by_role("button", name="Sign out").count() == 0
    axe("public decision notice")
