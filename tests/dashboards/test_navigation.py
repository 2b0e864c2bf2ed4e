"""dashboards.navigation: officers work in the service; only administrators see the Admin link."""

import pytest

from dashboards.navigation import items_for


@pytest.mark.parametrize(
    ("role", "has_admin"),
    [
        ("officer", False),
        ("finance_approver", False),
        ("commissioner", False),
        ("administrator", True),
        ("provider_user", False),
    ],
)
def test_the_admin_link_is_for_administrators_only(request, role, has_admin):
    user = request.getfixturevalue(role)
    labels = [item["label"] for item in items_for(user, "/")]
    assert ("Admin" in labels) is has_admin
