"""An officer imports organisations in the service: errors first, then the corrected file."""

from providers.models import District, Organisation
from tests.providers.imports.helpers import BAD_CHARITY_ROW, GOOD_ROWS, csv_bytes


def test_officer_corrects_and_imports_a_providers_file(
    officer, login, live_server, page, axe, tmp_path
):
    for name in ("Fenland", "Huntingdonshire", "Peterborough"):
        District.objects.create(name=name)
    bad = tmp_path / "providers.csv"
    bad.write_bytes(csv_bytes(GOOD_ROWS[0], BAD_CHARITY_ROW))
    good = tmp_path / "corrected.csv"
    good.write_bytes(csv_bytes(*GOOD_ROWS))

    login(officer)
    page.goto(f"{live_server.url}/providers/")
    page.get_by_role("link", name="Import organisations from a spreadsheet").click()
    page.wait_for_load_state()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Import organisations from a spreadsheet"
    )
    axe("providers upload page")

    page.get_by_label("Upload a spreadsheet of organisations").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state()
    assert "Row 3, charity_number:" in page.locator(".govuk-error-summary").inner_text()
    axe("providers preview with errors")

    page.get_by_label("Upload a spreadsheet of organisations").set_input_files(str(good))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state()
    axe("providers preview ready")
    page.get_by_role("button", name="Import 3 organisations").click()
    page.wait_for_load_state()
    assert (
        "3 organisations added" in page.locator(".govuk-notification-banner--success").inner_text()
    )
    assert Organisation.objects.count() == 3
