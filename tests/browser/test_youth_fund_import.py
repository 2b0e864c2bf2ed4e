"""An officer imports the Youth Fund intermediary's spreadsheet: errors first, then the corrected file."""

import csv
import io

from approvals.models import DecisionNotice
from grants.models import FundingStream, Grant, GrantState
from tests.factories import OrganisationFactory
from tests.grants.factories import budget

COLUMNS = ["Organisation", "Project", "Purpose", "Amount", "Start date", "End date", "Theme"]
ROWS = [
    ["Cambridge Youth Club", "Summer football", "Weekly sessions", "£1,250.50", "01/05/2025", "31/08/2025", "Communities"],
    ["Fenland Boxing Academy", "Boxing after school", "Coaching", "£2,000.00", "01/06/2025", "31/03/2026", "Offenders"],
    ["Peterborough Arts Trust", "Street art", "Murals", "£750.00", "01/09/2025", "30/11/2025", "Communities"],
]  # fmt: skip


def write_csv(path, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return str(path)


def test_officer_corrects_and_imports_a_youth_fund_file(
    officer, login, live_server, page, axe, tmp_path
):
    stream = FundingStream.objects.get(short_name="Youth Fund")
    budget(stream, 2025, "40000.00", "30000.00")
    for name in ("Cambridge Youth Club", "Fenland Boxing Academy", "Peterborough Arts Trust"):
        OrganisationFactory(name=name)
    bad = [list(r) for r in ROWS]
    bad[1][3] = "£2,000.01"
    bad[2][0] = "Nobody Trust"

    login(officer)
    page.goto(f"{live_server.url}/funding/streams/{stream.pk}/import/")
    assert page.get_by_role("heading", level=1).inner_text() == "Import awards from a spreadsheet"
    axe("upload page")

    page.get_by_label("Upload a spreadsheet of awards").set_input_files(
        write_csv(tmp_path / "awards.csv", bad)
    )
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    text = summary.inner_text()
    assert "Row 3, Amount: Youth Fund awards can be no more than £2,000.00" in text
    assert "Row 4, Organisation: “Nobody Trust” is not in the providers directory" in text
    assert page.get_by_role("button", name="Import 3 awards and send for decision").count() == 0
    axe("preview with errors")
    assert Grant.objects.count() == 0

    page.get_by_label("Upload a spreadsheet of awards").set_input_files(
        write_csv(tmp_path / "corrected.csv", ROWS)
    )
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 0
    assert (
        "Check the awards before you import them"
        in page.get_by_role("heading", level=1).inner_text()
    )
    axe("preview ready to import")
    assert Grant.objects.count() == 0

    page.get_by_role("button", name="Import 3 awards and send for decision").click()
    page.wait_for_load_state()
    banner = page.locator(".govuk-notification-banner--success")
    assert "3 grants imported and sent for decision" in banner.inner_text()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Youth Fund awards: 3 small grants, £4,000.50"
    )
    axe("decision notice after import")

    notice = DecisionNotice.objects.get()
    assert Grant.objects.count() == 3
    assert set(Grant.objects.values_list("state", flat=True)) == {GrantState.AWAITING_DECISION}
    assert set(Grant.objects.values_list("decision_notice", flat=True)) == {notice.pk}
