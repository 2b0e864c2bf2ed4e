"""Contract use cases: draft a contract, send its award for approval and let it, record the
provider's agreement to extend, send an extension for approval, exercise or decline an option, give
break notice, de-commission. Each is keyword-only, runs in one transaction with the contract row
locked, is recorded in the audit trail, and raises CommissioningError in words people can act on.

The term rules are commissioning/contract_terms.py; the money moves through grants' public award
API (grants/services/awards.py). What an approved STA does to contracts is contract_from_sta.py.
A package: contracts.py, extensions.py, endings.py, management.py (meetings, feedback),
drafts.py (a draft's term), draft_money.py (a draft's value and funding), measures.py (outcome
measures), payments.py (finance), history.py (the historic-contracts import), common.py.
"""

from .common import PAST_DEADLINE
from .contracts import (
    ContractDetails,
    activate_contract,
    create_contract,
    request_contract_approval,
    whole_life_value,
)
from .draft_money import approved_figure, change_draft_money, money_fingerprint
from .drafts import change_draft_terms
from .endings import decommission_contract, end_expired_contracts, give_break_notice
from .extensions import (
    decline_extension,
    exercise_extension,
    option_value,
    record_provider_agreement,
    request_extension_approval,
)
from .history import ImportReport, import_historic_contracts
from .management import (
    CONTRACT_DOCUMENT,
    ActionInput,
    attach_contract_document,
    open_actions,
    record_feedback,
    record_meeting,
)
from .measures import MeasureInput, measures_fingerprint, save_outcome_measures
from .payments import record_contract_payment

__all__ = [
    "ImportReport",
    "import_historic_contracts",
    "ActionInput",
    "open_actions",
    "record_feedback",
    "record_meeting",
    "record_contract_payment",
    "CONTRACT_DOCUMENT",
    "attach_contract_document",
    "change_draft_terms",
    "change_draft_money",
    "money_fingerprint",
    "approved_figure",
    "MeasureInput",
    "save_outcome_measures",
    "measures_fingerprint",
    "PAST_DEADLINE",
    "ContractDetails",
    "activate_contract",
    "create_contract",
    "decline_extension",
    "decommission_contract",
    "exercise_extension",
    "give_break_notice",
    "end_expired_contracts",
    "option_value",
    "record_provider_agreement",
    "request_contract_approval",
    "request_extension_approval",
    "whole_life_value",
]
