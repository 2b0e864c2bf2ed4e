"""The grant list filters update the results in place (htmx) and the address keeps the filters."""

from playwright.sync_api import expect

from grants.models import Grant, GrantState
from tests.grants.factories import FundingStreamFactory, make_grant


def test_filtering_updates_results_in_place(officer, login, page, live_server, axe):
    stream = FundingStreamFactory()
    make_grant(officer, stream=stream, title="Draft one")
    withdrawn = make_grant(officer, stream=stream, title="Withdrawn one")
    Grant.objects.filter(pk=withdrawn.pk).update(state=GrantState.WITHDRAWN)  # arrange only

    login(officer)
    page.goto(f"{live_server.url}/funding/grants/")
    expect(page.get_by_role("link", name="Withdrawn one")).to_be_visible()
    axe("grant list")
    page.evaluate("window.__notReloaded = true")
    page.get_by_label("Status").select_option(label="Draft")
    expect(page.get_by_role("link", name="Withdrawn one")).to_have_count(0)
    expect(page.get_by_role("link", name="Draft one")).to_be_visible()
    assert "state=draft" in page.url
    assert page.evaluate("window.__notReloaded === true")  # a partial update, not a new page
    axe("grant list filtered")
