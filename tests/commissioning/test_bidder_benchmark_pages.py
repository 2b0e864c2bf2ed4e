"""The bidders' tender pages listed in benchmarks/pages.py fill their {key}s through
benchmarks/fill.py on the demo data and answer 200 to `provider` (the benchmark times them; this
keeps the list honest)."""

import re
import sys
from pathlib import Path

import pytest

from accounts.demo import seed_users
from approvals import demo as approvals_demo
from commissioning import demo as commissioning_demo
from grants import demo as grants_demo
from providers.demo import seed_providers

pytestmark = pytest.mark.django_db

OURS = re.compile(r"^/commissioning/bidding/")


def _benchmarks():
    folder = str(Path(__file__).resolve().parents[2] / "benchmarks")
    sys.path.insert(0, folder)
    try:
        import fill
        import pages
    finally:
        sys.path.remove(folder)
    return pages, fill


def test_listed_bidder_pages_answer(client, django_assert_max_num_queries):
    pages, fill = _benchmarks()
    listed = [page for page in pages.EXTRA_PAGES if OURS.match(page[2])]
    assert len(listed) == 2 and {user for _, user, _ in listed} == {"provider"}
    users = seed_users()
    organisations = seed_providers(users)
    approvals_demo.seed(users=users, organisations=organisations)
    grants_demo.seed(users=users, organisations=organisations)
    commissioning_demo.seed(users=users, organisations=organisations)
    for label, username, path in fill.fill_addresses(listed):
        client.force_login(users[username])
        with django_assert_max_num_queries(20):
            response = client.get(path)
        assert response.status_code == 200, label
        assert b"T-2026-001" in response.content, label
