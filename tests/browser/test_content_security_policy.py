"""The CSP in a real browser: pages work under it (the autouse check in conftest.py fails a test on
any violation Chromium reports), and behaviour once in inline handlers still works."""

import pytest
from django.urls import reverse

from tests.approvals.factories import SignedDecisionNoticeFactory


def test_print_button_works_without_an_inline_handler(
    page, login, live_server, officer, commissioner
):
    notice = SignedDecisionNoticeFactory(drafted_by=officer, signed_by=commissioner)
    login(officer)
    response = page.goto(f"{live_server.url}{reverse('approvals:notice_print', args=[notice.pk])}")
    assert (
        "'unsafe-inline'"
        not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    )
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="Print this page").click()
    assert page.evaluate("window.printed") == 1
    # GOV.UK Frontend started (its module script needs the nonce): the body says so.
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/providers/organisation/", "/admin/providers/organisation/add/"]
)
def test_admin_pages_keep_to_the_policy(page, login, live_server, make_user, path):
    from accounts.roles import Role

    officer = make_user("b_admin_officer", Role.OFFICER, is_staff=True)
    login(officer)
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    assert "no-store" in response.headers["cache-control"]
