"""A draft contract's value and funding in the browser: the officer opens "Change value and
funding" from the contract, gets the shares wrong (the error summary and the rows say so), puts
them right and sees the new value on the contract. Every page is checked by axe."""

import pytest

from commissioning.contract_services import create_contract
from tests.commissioning.contract_factories import contract_details


@pytest.mark.django_db(transaction=True)
def test_an_officer_corrects_a_draft_contracts_value_and_funding(
    officer, login, page, live_server, axe
):
    contract = create_contract(
        details=contract_details(reference="CON-MONEY-1"), created_by=officer
    )
    main = page.locator("main")
    login(officer)
    page.goto(f"{live_server.url}{contract.get_absolute_url()}")
    axe("draft contract")
    page.get_by_role("link", name="Change value and funding").click()
    page.wait_for_load_state()
    axe("value and funding form")
    page.get_by_label("Annual value (£)").fill("45,000")
    page.locator('input[name="shares-0-amount"]').fill("80000")
    page.get_by_role("button", name="Save value and funding").click()
    page.wait_for_load_state()
    axe("value and funding form with errors")
    assert "There is a problem" in main.inner_text()
    assert "but the initial term is worth £90,000.00" in main.inner_text()
    assert page.get_by_label("Annual value (£)").input_value() == "45,000"
    page.locator('input[name="shares-0-amount"]').fill("90000")
    page.get_by_role("button", name="Save value and funding").click()
    page.wait_for_load_state()
    assert "The value and funding of CON-MONEY-1 saved." in main.inner_text()
    assert "£45,000.00" in main.inner_text()
    contract.refresh_from_db()
    assert str(contract.annual_value) == "45000.00"
