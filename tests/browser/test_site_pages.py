"""The footer's public pages, and tables that scroll in their own region and show their sort."""

from playwright.sync_api import expect

from tests.grants.factories import FundingStreamFactory, make_grant


def test_anyone_reaches_the_accessibility_statement_and_privacy_notice(page, live_server, axe):
    page.goto(f"{live_server.url}/accounts/login/")
    footer = page.locator("footer")
    footer.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    expect(page.get_by_role("heading", name="What we know does not work well")).to_be_visible()
    axe("accessibility statement")
    page.locator("footer").get_by_role("link", name="Privacy notice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    axe("privacy notice")
    banner = page.get_by_role("banner")
    expect(banner).to_contain_text("Office of the Police and Crime Commissioner")
    expect(banner).to_contain_text("for Cambridgeshire and Peterborough")
    # Not a GOV.UK service: no crown, no GDS Transport typeface.
    font = page.locator("h1").evaluate("el => getComputedStyle(el).fontFamily")
    assert "GDS Transport" not in font and "system-ui" in font
    assert page.locator(".govuk-header__logotype").count() == 0


def test_a_wide_table_scrolls_in_its_own_focusable_region_and_shows_its_sort(
    officer, login, page, live_server, axe
):
    stream = FundingStreamFactory()
    make_grant(officer, stream=stream, title="A fairly long grant title for the table")
    login(officer)
    page.goto(f"{live_server.url}/funding/grants/")
    amount = page.get_by_role("columnheader", name="Amount")
    expect(amount).to_have_attribute("aria-sort", "none")
    amount.get_by_role("link").click()
    amount = page.get_by_role("columnheader", name="Amount")
    expect(amount).to_have_attribute("aria-sort", "ascending")
    expect(amount.locator(".app-sort-arrow")).to_have_text("▲")
    amount.get_by_role("link").click()
    amount = page.get_by_role("columnheader", name="Amount")
    expect(amount).to_have_attribute("aria-sort", "descending")
    expect(amount.locator(".app-sort-arrow")).to_have_text("▼")
    axe("grant list sorted by amount, descending")

    page.set_viewport_size({"width": 320, "height": 640})
    region = page.get_by_role("region", name="Grants")
    widths = region.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert widths[0] > widths[1], "the table should be wider than its region at 320px"
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
