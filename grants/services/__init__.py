"""Grant use cases, keyword-only, each in one transaction, raising GrantError with a message people
can read. Views, imports and the decision-notice signing hook all call these.

A package: grants.py (the grant and its lifecycle), notices.py (grants and their decision
notices), funding.py (shares, commitments, budgets,
streams), overrides.py (budget overrides through the approvals engine), common.py (the error type and shared guards).
"""

from .common import GrantError
from .funding import (
    ShareInput,
    budget_shortfalls,
    budget_shortfalls_for,
    change_stream_status,
    check_stream_takes_award,
    subsidy_warning,
)
from .grants import (
    ACTIONS_NEEDING_A_REASON,
    GrantDetails,
    change_grant_state,
    create_grant,
    create_grants,
    submit_grant_for_decision,
    submit_grants_for_decision,
    update_grant,
)
from .notices import (
    NoticeAlreadyDrafted,
    add_grant_to_decision_notice,
    approve_grants_for_notice,
    draft_decision_notice_for_grant,
    notice_signing_blockers,
    redraft_decision_notice,
    return_grants_of_withdrawn_notice,
)
from .overrides import (
    OverrideAlreadyRecorded,
    act_on_budget_override_decision,
    request_budget_override,
)

__all__ = [
    "ACTIONS_NEEDING_A_REASON",
    "GrantDetails",
    "NoticeAlreadyDrafted",
    "OverrideAlreadyRecorded",
    "add_grant_to_decision_notice",
    "notice_signing_blockers",
    "redraft_decision_notice",
    "return_grants_of_withdrawn_notice",
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
    "request_budget_override",
    "act_on_budget_override_decision",
    "submit_grant_for_decision",
    "submit_grants_for_decision",
    "subsidy_warning",
    "update_grant",
]
