"""Officer drafts a grant and its decision notice; the Commissioner signs; the award is published."""

import re

from playwright.sync_api import expect

from grants.models import FundingStream, Grant, GrantState
from tests.grants.factories import budget


def test_grant_released_by_signed_notice_is_published(
    officer, commissioner, organisation, login, page, live_server, axe, browser
):
    stream = FundingStream.objects.get(short_name="Crime and Disorder")
    budget(stream, 2025, "50000.00")

    login(officer)
    page.get_by_role("link", name="Record a new grant").first.click()
    axe("new grant form")
    page.get_by_label("Title").fill("Street pastors in Cambridge")
    page.get_by_label("Recipient").select_option(label=organisation.name)
    page.get_by_label("Purpose").fill("Volunteer street pastors on Friday and Saturday nights.")
    # GOV.UK date inputs, typed from the keyboard: Day, Tab, Month, Tab, Year.
    page.get_by_role("group", name="Start date").get_by_label("Day").focus()
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    page.keyboard.type("2025")
    page.keyboard.press("Tab")
    expect(page.get_by_role("group", name="End date").get_by_label("Day")).to_be_focused()
    page.keyboard.type("31")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("2026")
    page.get_by_label("Total amount").fill("12000.00")
    page.get_by_label("Communities").check()
    # MOJ "add another": each funder row is its own labelled group ("Funder 2").
    funder_1 = page.get_by_role("group", name="Funder 1")
    funder_1.get_by_label("Who pays").select_option(label=stream.name)
    funder_1.get_by_label("Amount").fill("8000")
    page.get_by_role("button", name="Add another funder").click()
    funder_2 = page.get_by_role("group", name="Funder 2")
    expect(funder_2).to_be_visible()
    funder_2.get_by_label("Who pays").select_option(label=organisation.name)
    funder_2.get_by_label("Amount").fill("4000")
    axe("new grant form with a second funder")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("saved as a draft")).to_be_visible()
    saved = Grant.objects.get(title="Street pastors in Cambridge").award
    assert (saved.start_date.isoformat(), saved.end_date.isoformat()) == (
        "2025-06-01",
        "2026-03-31",
    )
    assert sorted(s.amount for s in saved.shares.all()) == [4000, 8000]
    axe("grant detail (draft)")

    page.get_by_role("button", name="Draft decision notice").click()
    expect(page.get_by_text("Decision notice drafted")).to_be_visible()
    axe("decision notice (draft)")
    grant = Grant.objects.get(title="Street pastors in Cambridge")
    page.goto(f"{live_server.url}{grant.get_absolute_url()}")
    page.get_by_role("button", name="Submit for decision").click()
    expect(page.get_by_text("is now awaiting decision")).to_be_visible()

    # The Commissioner, in a separate browser session, signs the notice from the dashboard.
    context = browser.new_context()
    page2 = context.new_page()
    page2.goto(f"{live_server.url}/accounts/login/")
    page2.get_by_label("Username").fill(commissioner.username)
    page2.get_by_label("Password").fill("opcc-test-pass")
    page2.get_by_role("button", name="Sign in").click()
    page2.get_by_role("link", name=re.compile("Street pastors in Cambridge")).click()
    page2.get_by_role("button", name="Sign this decision notice").click()
    page2.locator("#id_confirm").check()  # the confirmation step
    page2.get_by_role("button", name="Sign decision notice").click()
    expect(page2.get_by_text(re.compile(r"CPCC \d{4}-001")).first).to_be_visible()
    context.close()

    grant.refresh_from_db()
    assert grant.state == GrantState.APPROVED
    assert grant.decision_notice.number.endswith("-001")

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/transparency/")
    expect(
        page.get_by_role("heading", name="Published decisions and funding awards")
    ).to_be_visible()
    expect(page.get_by_role("cell", name=organisation.name, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=grant.decision_notice.number).first).to_be_visible()
    axe("transparency page")
