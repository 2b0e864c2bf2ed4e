"""A commissioning project in the browser: the officer starts it, completes Understand, plans it
with two outcome measures (MOJ "add another"), sees the procurement route explained in a sentence,
and moves it into Do; a move with the plan incomplete is refused with what is missing."""

import pytest
from playwright.sync_api import expect

from commissioning.models import CommissioningProject, ProjectStage
from tests.browser.test_single_tender_actions import fill_date

ROUTE_SENTENCE = (
    "£480,000 over 3 + 1 years is a light-touch service below the £663,540 threshold in force "
    "since 1 January 2026: competitive tender"
)


@pytest.mark.django_db(transaction=True)
def test_officer_takes_a_project_from_understand_to_do(officer, login, page, live_server, axe):
    login(officer)
    page.get_by_role("link", name="Commissioning projects").first.click()
    page.wait_for_load_state()
    axe("project list (empty)")
    page.get_by_role("button", name="Start a project").click()
    page.wait_for_load_state()
    axe("start a project")
    page.get_by_label("Title").fill("Independent domestic violence advisers")
    page.get_by_label("Need statement").fill("High-risk victims wait weeks for an adviser.")
    page.get_by_label("Evidence base").fill("Needs assessment 2026: 1,200 referrals a year.")
    page.get_by_label("Co-dependencies").fill("The Victim and Witness Hub; the MARAC.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("started in Understand")).to_be_visible()
    axe("project in Understand")

    page.get_by_role("button", name="Move to the next stage").click()
    expect(page.get_by_text("moved from Understand to Plan")).to_be_visible()
    # Plan is empty: moving on is refused with the list of what is missing.
    page.get_by_role("button", name="Move to the next stage").click()
    expect(page.get_by_text("The project cannot move on yet. Still missing:")).to_be_visible()
    expect(page.locator("#still-needed + ul")).to_contain_text("Add at least one outcome measure")
    axe("project in Plan, refused")

    page.get_by_role("button", name="Complete the plan").click()
    page.wait_for_load_state()
    axe("plan form")
    page.get_by_label("Service description").fill("Advisers for high-risk victims.")
    page.get_by_label("Countywide", exact=True).check()
    page.get_by_label("Estimated annual value").fill("120000")
    page.get_by_label("VAT rate").fill("0")
    page.get_by_label("Initial term").fill("36")
    page.get_by_label("Extension options").fill("12")
    page.get_by_label("Procurement category").select_option("light_touch")
    fill_date(page, "Procurement start date", "1", "6", "2026")
    page.get_by_label("Procurement route").select_option("Competitive tender")
    funder = page.get_by_role("group", name="Funder 1")
    funder.get_by_label("Who pays").select_option(
        label="Ministry of Justice Victims' Services Grant"
    )
    funder.get_by_label("Amount").fill("120000")
    first = page.get_by_role("group", name="Outcome measure 1")
    first.get_by_label("Metric").fill("Victims supported")
    first.get_by_label("Unit").fill("people")
    first.get_by_label("Target").fill("400")
    page.get_by_role("button", name="Add another outcome measure").click()
    second = page.get_by_role("group", name="Outcome measure 2")
    expect(second).to_be_visible()
    second.get_by_label("Metric").fill("Days from referral to first contact")
    second.get_by_label("Unit").fill("days")
    second.get_by_label("Target").fill("2")
    second.get_by_label("Better is").select_option("at_most")
    axe("plan form with two outcome measures")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("The plan for")).to_be_visible()
    expect(page.locator("#route-explanation")).to_contain_text(ROUTE_SENTENCE)
    axe("project with its route explained")

    page.get_by_role("button", name="Move to the next stage").click()
    expect(page.get_by_text("moved from Plan to Do")).to_be_visible()
    expect(page.locator("#route-explanation")).to_contain_text(ROUTE_SENTENCE)
    axe("project in Do")
    project = CommissioningProject.objects.get()
    assert project.stage == ProjectStage.DO
    assert [(m.metric, m.direction) for m in project.measures.order_by("pk")] == [
        ("Victims supported", "at_least"),
        ("Days from referral to first contact", "at_most"),
    ]
    assert project.route_explanation == ROUTE_SENTENCE
