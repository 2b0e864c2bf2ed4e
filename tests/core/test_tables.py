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


# The PDF is laid out by xhtml2pdf at a fixed page width, not read in a browser.
NOT_IN_A_BROWSER = {"approvals/notice_pdf.html"}


def test_every_table_in_every_template_sits_in_a_named_region():
    """Template-wide, so a new page cannot bring back a table that scrolls the whole page."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    unwrapped = []
    for path in sorted(root.rglob("*.html")):
        name = str(path.relative_to(root))
        if name in NOT_IN_A_BROWSER:
            continue
        text = path.read_text()
        tables = text.count('<table class="govuk-table')
        if tables != len(REGION.findall(text)):
            unwrapped.append(name)
    assert unwrapped == []
