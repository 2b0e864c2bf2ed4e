"""seed_scale's commissioning projects: every stage, the plan's shares and measures, and the notices
a regulated one owes."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from commissioning.models import CommissioningProject, ProjectStage


@pytest.mark.django_db
def test_seed_scale_writes_projects_at_every_stage():
    call_command(
        "seed_scale", providers=20, grants=20, notices=5, stas=10, contracts=10, projects=300,
        returns=0, stdout=StringIO(),
    )  # fmt: skip
    scale = CommissioningProject.objects.filter(request_key__isnull=True)
    assert scale.count() == 300
    assert set(Counter(scale.values_list("stage", flat=True))) == set(ProjectStage.values)
    for project in scale.exclude(stage=ProjectStage.UNDERSTAND).prefetch_related(
        "shares", "measures", "notices"
    )[:50]:
        assert sum(s.annual_amount for s in project.shares.all()) == (
            project.estimated_annual_value
        )
        assert len(project.measures.all()) == 2
        assert bool(project.notices.all()) == project.regulated
