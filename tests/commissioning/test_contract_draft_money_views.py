"""The "Change value and funding" page of a draft contract: linked from the contract for an
officer, the grants' co-funding rows, errors in the officer's words on the page (200) with what
they typed kept, stale and doubled posts harmless, and 403 / 404 for everyone else."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from commissioning.contract_services import change_draft_money, create_contract
from commissioning.contract_services import draft_money as dm
from commissioning.events import ContractEvent
from commissioning.models import Contract
from grants.services import ShareInput

from .contract_factories import active_contract, contract_details

pytestmark = pytest.mark.django_db


def _draft(officer, **kwargs) -> Contract:
    return create_contract(details=contract_details(**kwargs), created_by=officer)


def _url(contract) -> str:
    return reverse("commissioning:contract_money", args=[contract.pk])


def _opened(client, contract) -> str:
    """Open the page as the officer would, and read the fingerprint it carries."""
    page = client.get(_url(contract)).content.decode()
    marker = 'name="opened_at" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def _data(opened_at: str, annual: str, *rows: tuple[str, str]) -> dict:
    data = {
        "opened_at": opened_at,
        "annual_value": annual,
        "shares-TOTAL_FORMS": str(len(rows)),
        "shares-INITIAL_FORMS": "0",
        "shares-MIN_NUM_FORMS": "0",
        "shares-MAX_NUM_FORMS": "20",
    }
    for i, (funder, amount) in enumerate(rows):
        data[f"shares-{i}-funder"] = funder
        data[f"shares-{i}-amount"] = amount
    return data


def _funder(contract) -> str:
    return f"s{contract.award.shares.get().stream_id}"


def test_the_draft_contract_links_to_the_page_and_it_shows_the_money(client_for, officer):
    contract = _draft(officer)
    client = client_for(officer)
    detail = client.get(contract.get_absolute_url()).content.decode()
    assert "Change value and funding" in detail and _url(contract) in detail
    page = client.get(_url(contract))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'value="40000.00"' in body and 'value="80000.00"' in body
    assert "£80,000.00 (£40,000.00 a year for 2 years)" in body


def test_an_officer_changes_the_value_and_funding(client_for, officer):
    contract = _draft(officer)
    client = client_for(officer)
    response = client.post(
        _url(contract), _data(_opened(client, contract), "45,000", (_funder(contract), "90000"))
    )
    assert response.status_code == 302 and response.url == contract.get_absolute_url()
    contract.refresh_from_db()
    assert contract.annual_value == Decimal("45000.00")
    assert contract.award.total == Decimal("90000.00")


@pytest.mark.parametrize(
    ("annual", "share", "message"),
    [
        ("0.00", "80000", "Enter an amount more than £0"),
        ("0.01", "0.01", "The funding shares add up to £0.01, but the initial term is worth £0.02"),
        ("40000", "79999.99", "The funding shares add up to £79,999.99"),
        ("1e40", "80000", "Enter an amount in pounds and pence"),
        ("NaN", "80000", "Enter an amount in pounds and pence"),
        ("40000.001", "80000", "no more than 2 decimal places"),
        ("４００００", "80000", "Enter an amount in pounds and pence"),  # full-width digits
        ("40\x00000", "80000", "Enter an amount in pounds and pence"),
        ("4" * 10_000, "80000", "Enter an amount"),
        ("", "80000", "Enter the contract&#x27;s annual value"),
        ("40000", "NaN", "Enter an amount in pounds and pence"),
    ],
)  # fmt: skip
def test_bad_input_comes_back_on_the_page(client_for, officer, annual, share, message):
    contract = _draft(officer)
    client = client_for(officer)
    response = client.post(
        _url(contract), _data(_opened(client, contract), annual, (_funder(contract), share))
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert body.count(message) >= 2  # in the summary and by what it is about
    assert "This field is required" not in body
    contract.refresh_from_db()
    assert contract.annual_value == Decimal("40000.00")


def test_no_funder_is_refused_in_the_officers_words(client_for, officer):
    contract = _draft(officer)
    client = client_for(officer)
    response = client.post(_url(contract), _data(_opened(client, contract), "40000", ("", "")))
    assert response.status_code == 200
    assert "Say which funding stream or partner pays" in response.content.decode()


def test_a_stale_form_is_refused_without_losing_what_was_typed(client_for, officer, officer2):
    contract = _draft(officer)
    client = client_for(officer)
    opened_at = _opened(client, contract)
    change_draft_money(  # another officer saves first
        contract=contract,
        annual_value=Decimal("45000"),
        shares=[ShareInput(Decimal("90000"), stream=contract.award.shares.get().stream)],
        edited_by=officer2,
    )
    response = client.post(
        _url(contract), _data(opened_at, "51,234.56", (_funder(contract), "102469.12"))
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert dm.STALE.replace("'", "&#x27;") in body
    assert 'value="51,234.56"' in body and 'value="102469.12"' in body
    assert Contract.objects.get(pk=contract.pk).annual_value == Decimal("45000.00")


def test_a_form_without_its_fingerprint_is_stale(client_for, officer):
    contract = _draft(officer)
    response = client_for(officer).post(
        _url(contract), _data("", "45000", (_funder(contract), "90000"))
    )
    assert response.status_code == 200
    assert Contract.objects.get(pk=contract.pk).annual_value == Decimal("40000.00")


def test_a_double_post_is_harmless(client_for, officer):
    contract = _draft(officer)
    client = client_for(officer)
    data = _data(_opened(client, contract), "45000", (_funder(contract), "90000"))
    first, second = client.post(_url(contract), data), client.post(_url(contract), data)
    assert first.status_code == second.status_code == 302
    contract.refresh_from_db()
    assert contract.annual_value == Decimal("45000.00")
    assert sum(c.amount for c in contract.award.commitments.all()) == Decimal("90000.00")
    events = LogEntry.objects.get_for_object(contract).filter(
        additional_data__event=ContractEvent.MONEY_CHANGED
    )
    assert events.count() == 1


def test_add_another_without_javascript_keeps_what_was_typed(client_for, officer):
    contract = _draft(officer)
    client = client_for(officer)
    data = _data(_opened(client, contract), "45,000", (_funder(contract), "90000"))
    response = client.post(_url(contract), {**data, "add_row": "shares"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="45,000"' in body and 'name="shares-TOTAL_FORMS" value="2"' in body
    assert Contract.objects.get(pk=contract.pk).annual_value == Decimal("40000.00")


def test_a_contract_that_is_not_a_draft_has_no_page(client_for, officer):
    contract = active_contract(officer)
    client = client_for(officer)
    response = client.get(_url(contract))
    assert response.status_code == 302 and response.url == contract.get_absolute_url()
    assert "Change value and funding" not in client.get(response.url).content.decode()
    response = client.post(_url(contract), _data("x", "45000", (_funder(contract), "90000")))
    assert response.status_code == 302
    assert Contract.objects.get(pk=contract.pk).annual_value == Decimal("40000.00")


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("evaluator", 403),
        ("finance_approver", 403),
        ("commissioner", 403),
        ("administrator", 403),
        ("provider_user", 403),  # their own contract: read-only
        ("other_provider_user", 404),
    ],
)
def test_nobody_but_an_officer_may_change_it(request, client_for, officer, user, status):
    contract = _draft(officer, provider=request.getfixturevalue("organisation"))
    client = client_for(request.getfixturevalue(user))
    assert client.get(_url(contract)).status_code == status
    data = _data("x", "45000", (_funder(contract), "90000"))
    assert client.post(_url(contract), data).status_code == status
    assert Contract.objects.get(pk=contract.pk).annual_value == Decimal("40000.00")
    if status == 403:
        detail = client.get(contract.get_absolute_url()).content.decode()
        assert "Change value and funding" not in detail


def test_signed_out_goes_to_sign_in(client, officer):
    contract = _draft(officer)
    response = client.get(_url(contract))
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.parametrize("opened_at", ["x" * 10_000, "abc\x00", "ｆｉｎｇｅｒｐｒｉｎｔ"])
def test_a_tampered_fingerprint_is_a_stale_page(client_for, officer, opened_at):
    contract = _draft(officer)
    response = client_for(officer).post(
        _url(contract), _data(opened_at, "45000", (_funder(contract), "90000"))
    )
    assert response.status_code == 200
    assert "Open it again" in response.content.decode()
    assert Contract.objects.get(pk=contract.pk).annual_value == Decimal("40000.00")
