"""A tour of the demo data: each role opens every page in its navigation and the first record
listed on it; the harness checks each page with axe-core and at 320px (no sideways scrolling)."""

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD
from accounts.models import User


@pytest.mark.parametrize(
    "username", ["officer", "finance", "commissioner", "provider", "evaluator"]
)
def test_every_page_in_the_navigation_reflows_and_passes_axe(
    username, login, page, live_server, axe
):
    call_command("seed_demo", verbosity=0)
    login(User.objects.get(username=username), DEMO_PASSWORD)
    links = page.locator("a.govuk-service-navigation__link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    pages = [href for href in dict.fromkeys(links) if not href.startswith("/admin/")]
    assert pages, "the navigation should list this role's pages"
    for href in pages:
        page.goto(f"{live_server.url}{href}")
        axe(f"{username}: {href}")
        first = page.locator('main tbody a.govuk-link[href^="/"]')
        if first.count():
            target = first.first.get_attribute("href")
            page.goto(f"{live_server.url}{target}")
            axe(f"{username}: first record on {href} ({target})")
