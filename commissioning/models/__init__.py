"""Commissioning data: procurement rules as effective-dated data (procurement.py), Single Tender
Actions (sta.py) and contracts with their options, breaks and de-commissioning (contracts.py), and managing them: meetings, actions, feedback (contract_management.py)."""

from .contract_management import ContractMeeting, FeedbackEntry, FeedbackKind, MeetingAction
from .contracts import (
    BreakNotice,
    Contract,
    ContractOrigin,
    ContractPolicy,
    ContractState,
    DecommissioningDecision,
    ExtensionOption,
    OutcomeMeasure,
    Party,
)
from .procurement import (
    DirectAwardGround,
    GroundRegime,
    ProcurementCategory,
    ProcurementRouteBand,
    StatutoryThreshold,
)
from .sta import SingleTenderAction, StaKind, StaState

__all__ = [
    "BreakNotice",
    "Contract",
    "ContractMeeting",
    "FeedbackEntry",
    "FeedbackKind",
    "MeetingAction",
    "ContractPolicy",
    "ContractOrigin",
    "ContractState",
    "DecommissioningDecision",
    "ExtensionOption",
    "OutcomeMeasure",
    "Party",
    "DirectAwardGround",
    "GroundRegime",
    "ProcurementCategory",
    "ProcurementRouteBand",
    "SingleTenderAction",
    "StaKind",
    "StaState",
    "StatutoryThreshold",
]
