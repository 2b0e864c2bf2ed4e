"""The harness's own checks can fail: a page wider than 320px is caught, a reflowing one passes."""

import pytest

from tests.browser.conftest import REFLOW_WIDTH, check_reflow


def test_reflow_check_fails_on_a_page_that_scrolls_sideways(page):
    page.set_content('<html><body><div id="wide" style="width:600px">Too wide</div></body></html>')
    with pytest.raises(AssertionError, match=r"scrolls sideways at 320px.*div#wide"):
        check_reflow(page, "wide page")
    assert page.viewport_size["width"] != REFLOW_WIDTH  # put back


def test_reflow_check_passes_a_wide_table_that_scrolls_in_its_own_region(page):
    page.set_content(
        '<html><body><div role="region" aria-label="Grants" tabindex="0" style="overflow-x:auto">'
        '<table style="width:900px"><tr><td>wide</td></tr></table></div></body></html>'
    )
    check_reflow(page, "table in a region")
