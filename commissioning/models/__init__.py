"""Commissioning data: procurement rules as effective-dated data (procurement.py), Single Tender
Actions (sta.py) and contracts with their options, breaks and de-commissioning (contracts.py), managing them:
meetings, actions, feedback (contract_management.py), and commissioning projects (projects.py)
with their procurement notices checklist (notices.py),
and tenders with their bids and evaluation (tenders.py, tender_evaluation.py)."""

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
from .tender_evaluation import Bid, BidAnswer, ModeratedScore, PanelMember, Score
from .tenders import Clarification, ScoreDescriptor, Tender, TenderQuestion, TenderState

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
    "Bid",
    "BidAnswer",
    "Clarification",
    "ModeratedScore",
    "PanelMember",
    "Score",
    "ScoreDescriptor",
    "Tender",
    "TenderQuestion",
    "TenderState",
]
