"""Commissioning data: procurement rules as effective-dated data (procurement.py), Single Tender
Actions (sta.py) and contracts with their options, breaks and de-commissioning (contracts.py), managing them:
meetings, actions, feedback (contract_management.py), and commissioning projects (projects.py)
with their procurement notices checklist (notices.py)."""

from .contract_management import ContractMeeting, FeedbackEntry, FeedbackKind, MeetingAction
from .contracts import (
    BreakNotice,
    Contract,
    ContractOrigin,
    ContractPolicy,
    ContractState,
    DecommissioningDecision,
    ExtensionOption,
    MeasureDirection,
    OutcomeMeasure,
    OutcomeMeasureFields,
    Party,
)
from .notices import NoticeKind, NoticePolicy, ProcurementNotice
from .procurement import (
    DirectAwardGround,
    GroundRegime,
    ProcurementCategory,
    ProcurementRouteBand,
    StatutoryThreshold,
)
from .projects import (
    CommissioningProject,
    ProjectFundingShare,
    ProjectOutcomeMeasure,
    ProjectScope,
    ProjectStage,
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
    "MeasureDirection",
    "OutcomeMeasure",
    "OutcomeMeasureFields",
    "CommissioningProject",
    "ProjectFundingShare",
    "ProjectOutcomeMeasure",
    "ProjectScope",
    "ProjectStage",
    "NoticeKind",
    "NoticePolicy",
    "ProcurementNotice",
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
