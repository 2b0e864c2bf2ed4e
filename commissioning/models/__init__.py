"""Commissioning data: procurement rules as effective-dated data (procurement.py) and Single Tender
Actions (sta.py)."""

from .procurement import (
    DirectAwardGround,
    GroundRegime,
    ProcurementCategory,
    ProcurementRouteBand,
    StatutoryThreshold,
)
from .sta import SingleTenderAction, StaKind, StaState

__all__ = [
    "DirectAwardGround",
    "GroundRegime",
    "ProcurementCategory",
    "ProcurementRouteBand",
    "SingleTenderAction",
    "StaKind",
    "StaState",
    "StatutoryThreshold",
]
