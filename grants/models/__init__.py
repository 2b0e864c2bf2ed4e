"""Funding streams, their yearly budgets, awards with co-funding shares and commitments, and grants.

A package: funding.py (streams, budgets, themes, subsidy allowance), awards.py (money committed),
grants.py (the grant lifecycle).
"""

from .awards import Award, AwardKind, BudgetOverride, Commitment, FundingShare, Payment
from .funding import (
    FundingStream,
    IncomeLine,
    PlanTheme,
    StreamBudget,
    StreamStatus,
    SubsidyAllowance,
    money_field,
)
from .grants import LIVE_GRANT_STATES, DeliveryActivity, Grant, GrantCondition, GrantState

__all__ = [
    "LIVE_GRANT_STATES",
    "Award",
    "AwardKind",
    "BudgetOverride",
    "Commitment",
    "DeliveryActivity",
    "FundingShare",
    "FundingStream",
    "Grant",
    "GrantCondition",
    "GrantState",
    "IncomeLine",
    "Payment",
    "PlanTheme",
    "StreamBudget",
    "StreamStatus",
    "SubsidyAllowance",
    "money_field",
]
