"""The demo seed's commissioning projects: one at each stage, a regulated one with its notices
checklist part done, and seeding twice changes nothing."""

from datetime import date

import pytest

from accounts.demo import seed_users
from approvals import demo as approvals_demo
from commissioning import demo
from commissioning.models import CommissioningProject, NoticeKind, ProjectStage
from commissioning.project_selectors import overdue_notices
from grants import demo as grants_demo
from providers.demo import seed_providers

pytestmark = pytest.mark.django_db


def test_seed_demo_projects_at_each_stage_and_a_part_done_checklist():
    users = seed_users()
    organisations = seed_providers(users)
    approvals_demo.seed(users=users, organisations=organisations)
    grants_demo.seed(users=users, organisations=organisations)
    demo.seed(users=users, organisations=organisations)
    demo.seed(users=users, organisations=organisations)

    projects = CommissioningProject.objects.all()
    assert projects.count() == 5
    assert {p.stage for p in projects} == set(ProjectStage.values)
    hub = projects.get(title="Integrated victim and witness hub")
    assert hub.regulated and hub.stage == ProjectStage.DO
    published = {n.kind: n.is_published for n in hub.notices.all()}
    assert published == {
        NoticeKind.MARKET_ENGAGEMENT: True,
        NoticeKind.TENDER: True,
        NoticeKind.CONTRACT_AWARD: False,
        NoticeKind.CONTRACT_DETAILS: False,
    }
    assert [n.project for n in overdue_notices(date(2026, 12, 1))] == [hub]
    review = projects.get(stage=ProjectStage.REVIEW)
    assert review.contracts.get().reference == "CON-2025-001"
