"""An officer uses the providers directory in a real browser: search, open, add (after an error)."""

import re

from playwright.sync_api import expect

from providers.models import District, Organisation
from tests.factories import OrganisationFactory


def test_officer_searches_opens_and_adds_an_organisation(officer, login, live_server, page, axe):
    fenland = District.objects.create(name="Fenland")
    District.objects.create(name="Cambridge")
    OrganisationFactory(name="Fenland Victim Support", town="March", postcode="PE15 8AA")
    OrganisationFactory(name="Cambridge Youth Project", town="Cambridge")
    OrganisationFactory(name="Ely Roads Ltd", company=True, town="Ely").districts.set([])

    login(officer)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Providers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Providers directory")
    axe("providers directory")

    page.get_by_label("Search").fill("victim")
    page.get_by_role("button", name="Apply filters").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^1 organisation matching"))
    ).to_be_visible()
    rows = page.locator("table.govuk-table tbody tr")
    expect(rows).to_have_count(1)
    axe("directory search results")

    page.get_by_role("link", name="Fenland Victim Support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fenland Victim Support")
    expect(page.get_by_text("The whole county", exact=True)).to_be_visible()
    axe("organisation page")

    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Providers directory"
    ).click()
    page.get_by_role("button", name="Add an organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an organisation")
    axe("add organisation form")

    page.get_by_label("Name", exact=True).fill("Wisbech Women's Refuge")
    page.get_by_label("Charity", exact=True).check()
    page.get_by_label("Charity number").fill("12AB")
    page.get_by_label("Postcode").fill("pe13 1dg")
    page.get_by_label("No, named districts").check()
    page.get_by_role("button", name="Add organisation").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter a charity number in the right format")
    expect(summary).to_contain_text("Select at least one district served")
    expect(page).to_have_title(re.compile("^Error: "))
    assert page.get_by_label("Name", exact=True).input_value() == "Wisbech Women's Refuge"
    assert Organisation.objects.filter(name="Wisbech Women's Refuge").count() == 0
    axe("add organisation form with errors")

    summary.get_by_role("link", name=re.compile("charity number")).click()
    expect(page.get_by_label("Charity number")).to_be_focused()
    page.get_by_label("Charity number").fill("1187654")
    page.get_by_label("Fenland", exact=True).check()
    page.get_by_role("button", name="Add organisation").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Wisbech Women's Refuge")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "added to the directory"
    )
    axe("new organisation page")
    created = Organisation.objects.get(name="Wisbech Women's Refuge")
    assert created.postcode == "PE13 1DG"
    assert list(created.districts.all()) == [fenland]
