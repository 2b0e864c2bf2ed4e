"""A 2+1 contract in the browser: the officer records the provider's agreement to the option and
sends it for approval; finance (a different user, the approver the bands name for £40,000)
approves it; the officer exercises it and sees the timeline and end date change; then records a
quarterly meeting with an action. Every page is checked by axe, at 320px and for CSP breaks."""

from datetime import date

import pytest

from approvals.engine.models import ApprovalRequest
from commissioning.models import ContractMeeting, ExtensionOption
from tests.commissioning.contract_factories import active_contract

from .test_single_tender_actions import _sign_out, fill_date


def _open_contract(page, live_server, axe, reference: str) -> None:
    page.goto(f"{live_server.url}/commissioning/contracts/")
    axe("contract list")
    page.get_by_role("link", name=reference).click()
    page.wait_for_load_state()
    axe("contract detail")


@pytest.mark.django_db(transaction=True)
def test_an_officer_extends_a_2_plus_1_contract_and_records_a_meeting(
    officer, finance_approver, login, page, live_server, axe
):
    contract = active_contract(officer, start=date(2025, 10, 1), reference="CON-BROWSER-1")
    main = page.locator("main")

    login(officer)
    _open_contract(page, live_server, axe, "CON-BROWSER-1")
    assert page.locator("#current-end").inner_text() == "30 September 2027"
    assert "2 + 1 years" in main.inner_text()
    page.get_by_role("link", name="Record the provider's agreement to option 1").click()
    page.wait_for_load_state()
    axe("agreement form")
    page.get_by_label("Who agreed for the provider").fill("Pat Jones, chief executive")
    fill_date(page, "Date they agreed", "2", "11", "2026")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Pat Jones, chief executive on 2 November 2026" in main.inner_text()
    page.get_by_role("button", name="Send for approval option 1").click()
    page.wait_for_load_state()
    assert "Extension option 1 sent for approval." in main.inner_text()
    _sign_out(page)

    login(finance_approver)
    page.goto(f"{live_server.url}/approvals/")
    axe("approvals queue")
    page.get_by_role("link", name="CON-BROWSER-1: extension option 1").first.click()
    page.wait_for_load_state()
    axe("extension approval request")
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record my decision").click()
    page.wait_for_load_state()
    request = ExtensionOption.objects.get(contract=contract, sequence=1).approval_request
    assert request.state == "approved"
    assert list(request.decisions.values_list("decided_by", flat=True)) == [finance_approver.pk]
    assert request.requested_by_id == officer.pk != finance_approver.pk
    _sign_out(page)

    login(officer)
    _open_contract(page, live_server, axe, "CON-BROWSER-1")
    page.get_by_role("button", name="Exercise option 1").click()
    page.wait_for_load_state()
    axe("contract after exercising the option")
    assert "Extension option 1 exercised." in main.inner_text()
    assert page.locator("#current-end").inner_text() == "30 September 2028"
    timeline = page.get_by_role("region", name="The timeline in words").inner_text()
    assert "Exercised" in timeline and "30 Sep 2028" in timeline

    page.get_by_role("link", name="Record a meeting").click()
    page.wait_for_load_state()
    axe("meeting form")
    fill_date(page, "Date of the meeting", "1", "12", "2026")
    page.get_by_label("Attendees").fill("Olive (OPCC), Pat Jones (provider)")
    page.get_by_label("Notes").fill("Extension agreed; referrals steady.")
    page.get_by_label("New action agreed").fill("Send the quarter's referral data")
    page.get_by_label("Who owns it").fill("Pat Jones")
    fill_date(page, "Due by", "15", "1", "2027")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    axe("contract with the meeting")
    assert "Meeting recorded." in main.inner_text()
    assert "Send the quarter's referral data: Pat Jones, due 15 January 2027" in main.inner_text()
    assert ContractMeeting.objects.get(contract=contract).actions.count() == 1
    assert ApprovalRequest.objects.filter(state="approved").count() == 2  # the award, the option

    # Outcome measures in repeating rows (MOJ "add another" with JavaScript).
    page.get_by_role("link", name="Change outcome measures").click()
    page.wait_for_load_state()
    axe("outcome measures form")
    page.locator("#id_measures-0-metric").fill("Victims supported")
    page.locator("#id_measures-0-target").fill("120")
    page.get_by_role("button", name="Add another measure").click()
    page.locator("#id_measures-1-metric").fill("Days to first contact")
    page.locator("#id_measures-1-target").fill("2")
    page.locator("#id_measures-1-direction").select_option("at_most")
    axe("outcome measures form with two rows")
    page.get_by_role("button", name="Save measures").click()
    page.wait_for_load_state()
    assert "Outcome measures saved." in main.inner_text()
    assert list(contract.measures.values_list("metric", "direction")) == [
        ("Victims supported", "at_least"),
        ("Days to first contact", "at_most"),
    ]


@pytest.mark.django_db(transaction=True)
def test_finance_records_a_payment_against_a_contract(
    officer, finance_approver, login, page, live_server, axe
):
    contract = active_contract(officer, start=date(2025, 10, 1), reference="CON-BROWSER-2")
    commitment = contract.award.commitments.order_by("financial_year").first()
    login(finance_approver)
    _open_contract(page, live_server, axe, "CON-BROWSER-2")
    page.get_by_role("link", name="Record a payment").click()
    page.wait_for_load_state()
    axe("contract payment form")
    page.get_by_label("Commitment paid against").select_option(str(commitment.pk))
    fill_date(page, "Date paid", "30", "11", "2025")
    page.get_by_label("Amount (£)").fill("1,250.50")
    page.get_by_label("Payment reference").fill("REM-1")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    axe("contract after a payment")
    text = page.locator("main").inner_text()
    assert "Payment recorded." in text
    assert "£1,250.50 paid on 30 November 2025" in text and "reference REM-1" in text
