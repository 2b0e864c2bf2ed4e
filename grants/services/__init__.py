"""Grant use cases, keyword-only, each in one transaction, raising GrantError with a message people
can read. Views, imports and the decision-notice signing hook all call these.

A package: grants.py (the grant and its lifecycle), funding.py (shares, commitments, budgets,
streams), common.py (the error type and shared guards).
"""

from .common import GrantError
from .funding import (
    ShareInput,
    budget_shortfalls,
    budget_shortfalls_for,
    change_stream_status,
    check_stream_takes_award,
    record_budget_override,
    subsidy_warning,
)
from .grants import (
    GrantDetails,
    approve_grants_for_notice,
    change_grant_state,
    create_grant,
    create_grants,
    draft_decision_notice_for_grant,
    submit_grant_for_decision,
    submit_grants_for_decision,
    update_grant,
)

__all__ = [
    "GrantDetails",
    "GrantError",
    "ShareInput",
    "approve_grants_for_notice",
    "budget_shortfalls",
    "budget_shortfalls_for",
    "change_grant_state",
    "change_stream_status",
    "check_stream_takes_award",
    "create_grant",
    "create_grants",
    "draft_decision_notice_for_grant",
    "record_budget_override",
    "submit_grant_for_decision",
    "submit_grants_for_decision",
    "subsidy_warning",
    "update_grant",
]
