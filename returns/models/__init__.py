"""Outcome-return data: the schedule settings, returns with their outputs, Outcomes Star readings and
submitted versions. Re-exported here so `returns.models.OutcomeReturn` is the one name."""

from .changes import ReturnsChange
from .returns import OutcomeReturn, ReturnOutput, ReturnState, ReturnSubmission
from .settings import ReturnSettings
from .star import StarArea, StarReading, StarVersion

__all__ = [
    "OutcomeReturn",
    "ReturnOutput",
    "ReturnSettings",
    "ReturnState",
    "ReturnsChange",
    "ReturnSubmission",
    "StarArea",
    "StarReading",
    "StarVersion",
]
