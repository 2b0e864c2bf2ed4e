"""Each role signs in through the browser and sees its own navigation; providers stay out of admin."""

import pytest

from accounts.roles import Role

# role -> (nav links it must see, nav links it must not see)
EXPECTED_NAV = {
    Role.OFFICER: (["Home", "Providers"], ["Admin", "My organisation"]),
    Role.EVALUATOR: (["Home"], ["Providers", "Admin", "My organisation"]),
    Role.PROVIDER: (["Home", "My organisation"], ["Providers", "Admin"]),
    Role.FINANCE: (["Home", "Providers"], ["Admin", "My organisation"]),
    Role.COMMISSIONER: (["Home", "Providers"], ["Admin", "My organisation"]),
    Role.ADMINISTRATOR: (["Home", "Providers", "Admin"], ["My organisation"]),
}


@pytest.mark.parametrize("role", list(EXPECTED_NAV), ids=lambda r: r.value)
def test_each_role_signs_in_and_sees_its_navigation(role, make_user, login, axe, organisation):
    user = make_user(f"b_{role.value}", role, is_staff=role in (Role.OFFICER, Role.ADMINISTRATOR))
    if role == Role.PROVIDER:
        from providers.models import ProviderUser

        ProviderUser.objects.create(user=user, organisation=organisation)
    page = login(user)
    nav = page.get_by_role("navigation", name="Menu")
    shown, hidden = EXPECTED_NAV[role]
    for label in shown:
        assert nav.get_by_role("link", name=label, exact=True).count() == 1, label
    for label in hidden:
        assert nav.get_by_role("link", name=label, exact=True).count() == 0, label
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    assert str(role.label) in page.locator(".app-header__roles").inner_text()
    axe(f"{role.value} home")


def test_provider_cannot_open_providers_admin(provider_user, login, live_server, page):
    login(provider_user)
    response = page.goto(f"{live_server.url}/admin/providers/organisation/")
    assert page.url.startswith(f"{live_server.url}/admin/login/")  # not staff: admin asks to log in
    assert response.status == 200
    assert "Organisations" not in page.locator("#content").inner_text()
    response = page.goto(f"{live_server.url}/providers/")
    assert response.status == 403
    assert (
        page.get_by_role("heading", level=1).inner_text() == "You do not have access to this page"
    )


def test_wrong_password_shows_an_error_summary(officer, page, live_server, axe):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter a correct username and password" in summary.inner_text()
    axe("login error")
