"""The approval and STA pages listed in benchmarks/pages.py resolve their {fill} keys on the demo
data and answer 200 (the perf engineer's benchmark times them; this keeps the list honest)."""

import re
import sys
from pathlib import Path

import pytest

from accounts.demo import seed_users
from approvals import demo as approvals_demo
from approvals.engine.models import ApprovalRequest
from commissioning import demo as commissioning_demo
from commissioning.models import SingleTenderAction
from grants import demo as grants_demo
from providers.demo import seed_providers

pytestmark = pytest.mark.django_db

OURS = re.compile(r"^/(approvals|commissioning/stas)/")


def _extra_pages() -> list[tuple[str, str, str]]:
    benchmarks = str(Path(__file__).resolve().parents[2] / "benchmarks")
    sys.path.insert(0, benchmarks)
    try:
        import pages
    finally:
        sys.path.remove(benchmarks)
    return [page for page in pages.EXTRA_PAGES if OURS.match(page[2])]


def test_listed_approval_and_sta_pages_answer(client, django_assert_max_num_queries):
    listed = _extra_pages()
    assert {"{sta}", "{approval}"} <= {k for *_, p in listed for k in re.findall(r"{\w+}", p)}
    users = seed_users()
    organisations = seed_providers(users)
    approvals_demo.seed(users=users, organisations=organisations)
    grants_demo.seed(users=users, organisations=organisations)
    commissioning_demo.seed(users=users, organisations=organisations)
    fill = {  # as benchmarks/pages.py fills them
        "sta": SingleTenderAction.objects.filter(state="submitted").order_by("pk").first().pk,
        "approval": ApprovalRequest.objects.filter(state="pending").order_by("pk").first().pk,
    }
    for label, username, path in listed:
        client.force_login(users[username])
        with django_assert_max_num_queries(30):
            response = client.get(path.format(**fill))
        assert response.status_code == 200, label
