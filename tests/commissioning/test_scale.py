"""seed_scale's STAs: every state, requests under the band that applied, decisions by other people."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from approvals.engine import rules as band_rules
from approvals.engine.models import ApprovalBand, ApprovalRequest, ApprovalState
from approvals.engine.selectors import waiting_for
from commissioning.models import SingleTenderAction, StaState


@pytest.mark.django_db
def test_seed_scale_writes_stas_the_services_would_have():
    call_command("seed_scale", providers=20, grants=20, notices=5, stas=300, stdout=StringIO())
    scale = SingleTenderAction.objects.filter(request_key__isnull=True)  # demo ones have a key
    assert scale.count() == 300
    states = Counter(scale.values_list("state", flat=True))
    assert set(states) == set(StaState.values)
    bands = [b.as_rule() for b in ApprovalBand.objects.filter(kind="sta")]
    for sta in SingleTenderAction.objects.exclude(state=StaState.DRAFT).select_related(
        "approval_request"
    ):
        request = sta.approval_request
        band = band_rules.band_for(bands, kind="sta", value=request.value, on=request.band_date)
        assert request.band_id == band.pk and request.roles == band.roles
        assert request.subject_url == sta.get_absolute_url()
        decisions = list(request.decisions.all())
        assert all(d.decided_by_id != request.requested_by_id for d in decisions)
        if request.state == ApprovalState.APPROVED:
            assert {d.role for d in decisions} == set(request.roles)
        if request.state == ApprovalState.PENDING:
            assert decisions == []
    from accounts.models import User

    finance = User.objects.get(username="finance")
    assert waiting_for(user=finance).count() > 20
    assert ApprovalRequest.objects.filter(state=ApprovalState.PENDING).count() > 20
