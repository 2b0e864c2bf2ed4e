"""Building contracts through the real services, along their lifecycle: draft -> approved ->
active, with a funded stream whose budgets can take them."""

from datetime import date
from decimal import Decimal

from approvals.engine.services import decide_approval_request
from commissioning.contract_services import (
    ContractDetails,
    activate_contract,
    create_contract,
    record_provider_agreement,
    request_contract_approval,
    request_extension_approval,
)
from grants.services import ShareInput
from tests.approvals.factories import FinanceFactory
from tests.factories import OrganisationFactory
from tests.grants.factories import FundingStreamFactory, budget

START = date(2026, 4, 1)


def funded_stream(name: str = "Victims' services"):
    stream = FundingStreamFactory(name=name)
    for year in range(2024, 2036):
        budget(stream, year, "5000000")
    return stream


def contract_details(
    *,
    initial: int = 24,
    options: tuple[int, ...] = (12,),
    annual: str = "40000",
    start: date = START,
    stream=None,
    provider=None,
    reference: str = "C-0001",
    **overrides,
) -> ContractDetails:
    months = initial
    total = (Decimal(annual) * months / 12).quantize(Decimal("0.01"))
    fields = {
        "reference": reference,
        "provider": provider or OrganisationFactory(name="Safe Haven Trust"),
        "title": "Independent domestic violence advisers",
        "start_date": start,
        "initial_months": initial,
        "option_months": tuple(options),
        "annual_value": Decimal(annual),
        "commissioner_notice_months": 3,
        "provider_notice_months": 6,
        "shares": (ShareInput(amount=total, stream=stream or funded_stream()),),
    }
    fields.update(overrides)
    return ContractDetails(**fields)


def approved(request) -> None:
    decide_approval_request(request=request, decided_by=FinanceFactory(), outcome="approved")


def active_contract(officer, **kwargs):
    contract = create_contract(details=contract_details(**kwargs), created_by=officer)
    contract = request_contract_approval(contract=contract, requested_by=officer)
    approved(contract.approval_request)
    return activate_contract(contract=contract, activated_by=officer)


def ready_option(officer, option, *, agreed_on: date = date(2026, 5, 1)):
    """Record the provider's agreement and get the option approved (finance, under £150,000)."""
    record_provider_agreement(
        option=option,
        agreed_by="Pat Jones, chief executive",
        agreed_on=agreed_on,
        recorded_by=officer,
    )
    option = request_extension_approval(option=option, requested_by=officer)
    approved(option.approval_request)
    option.refresh_from_db()
    return option
