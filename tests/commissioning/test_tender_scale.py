"""seed_scale's tenders: every state, each for a project in Do, awarded ones naming their bid,
scores only on tenders in evaluation or later."""

from io import StringIO

import pytest
from django.core.management import call_command

from commissioning.models import ModeratedScore, Score, Tender, TenderState
from commissioning.tender_services import ranked_result


@pytest.mark.django_db
def test_seed_scale_writes_tenders_in_every_state():
    call_command(
        "seed_scale", providers=20, grants=5, notices=2, stas=5, contracts=5, projects=60,
        tenders=150, stdout=StringIO(),
    )  # fmt: skip
    scale = Tender.objects.filter(reference__startswith="SCALE-T-")
    assert scale.count() == 150
    assert set(scale.values_list("state", flat=True)) == set(TenderState.values)
    assert not scale.exclude(project__stage="do").exists()
    assert all(not t.weight_errors() for t in scale.prefetch_related("questions")[:20])
    assert not Score.objects.exclude(
        bid__tender__state__in=["evaluation", "moderation", "awarded"]
    ).exists()
    awarded = scale.filter(state=TenderState.AWARDED).first()
    assert awarded.awarded_bid.tender_id == awarded.pk
    assert ranked_result(awarded) is not None
    assert ModeratedScore.objects.filter(bid__tender=awarded).exists()
    # Published ones say when; drafts and those approved but not yet published never do.
    assert not scale.filter(state__in=["draft", "approved"], published_at__isnull=False).exists()
    assert not scale.filter(state="published", published_at__isnull=True).exists()
