"""When the Commissioner signs a grant's decision notice, the provider's users are told once
(an audit subscriber after the commit); other organisations' users are not."""

import pytest

from approvals.services import sign_decision_notice
from audit.subscribers import deliver
from grants import services
from grants.models import Grant
from notifications.models import Notification
from tests.grants.factories import FundingStreamFactory, budget, make_grant

pytestmark = pytest.mark.django_db


def test_signing_tells_the_grants_provider_once(
    officer,
    commissioner,
    organisation,
    provider_user,
    other_provider_user,
    django_capture_on_commit_callbacks,
):
    stream = FundingStreamFactory()
    budget(stream, 2025, "500000.00")
    grant = make_grant(officer, stream=stream, recipient=organisation, total="5000.00")
    services.draft_decision_notice_for_grant(grant=grant, drafted_by=officer)
    services.submit_grant_for_decision(grant=Grant.objects.get(pk=grant.pk), submitted_by=officer)
    notice = Grant.objects.get(pk=grant.pk).decision_notice

    with django_capture_on_commit_callbacks(execute=True):
        signed = sign_decision_notice(notice=notice, signed_by=commissioner)

    told = Notification.objects.get(recipient=provider_user)
    assert told.kind == "grant_decision"
    assert signed.number in told.subject and grant.reference in told.subject
    assert told.link == grant.get_absolute_url()
    assert not Notification.objects.filter(recipient=other_provider_user).exists()

    # The event delivered again (a retried subscriber) tells nobody twice.
    from audit.subscribers import Event

    deliver([Event("decision_notice_signed", "approvals.decisionnotice", str(notice.pk), "", None)])
    assert Notification.objects.filter(recipient=provider_user).count() == 1
