"""Wide tables scroll inside their own focusable, named region, never the page (WCAG 1.4.10)."""

import re

import pytest
from django.urls import reverse

from tests.approvals.factories import SignedDecisionNoticeFactory
from tests.grants.factories import FundingStreamFactory, make_grant

pytestmark = pytest.mark.django_db

REGION = re.compile(
    r'<div class="app-table-wrapper" role="region" aria-label="[^"]+" tabindex="0">\s*'
    r'<table class="govuk-table'
)


@pytest.mark.parametrize(
    "url_name",
    ["grants:grant_list", "providers:list", "approvals:notice_list", "transparency"],
)
def test_every_table_on_a_list_sits_in_a_focusable_named_region(
    client_for, officer, commissioner, organisation, url_name
):
    make_grant(officer, stream=FundingStreamFactory(), title="Region check")
    SignedDecisionNoticeFactory(drafted_by=officer, signed_by=commissioner)
    html = client_for(officer).get(reverse(url_name)).content.decode()
    tables = html.count('<table class="govuk-table')
    assert tables >= 1
    assert len(REGION.findall(html)) == tables
