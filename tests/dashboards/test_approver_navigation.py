"""Every navigation link the approvers (and the new Chief Executive role) see opens (200)."""

import pytest

from accounts.roles import Role
from dashboards.navigation import items_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role", [Role.CHIEF_EXECUTIVE, Role.FINANCE, Role.COMMISSIONER, Role.OFFICER]
)
def test_every_link_opens(client_for, make_user, role):
    user = make_user("nav_user", role)
    client = client_for(user)
    labels = []
    for item in items_for(user, "/"):
        if item["label"] == "Admin":
            continue
        labels.append(item["label"])
        assert client.get(item["href"]).status_code == 200, item["label"]
    assert "Single tender actions" in labels
    if role != Role.OFFICER:
        assert "Approvals" in labels
