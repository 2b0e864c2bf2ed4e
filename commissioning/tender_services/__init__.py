"""Tender use cases, each keyword-only, in one transaction with the tender row locked, recorded in
the audit trail, raising CommissioningError in words people can act on. A package: tenders.py (the
tender's lifecycle), clarifications.py (bidders' questions and the answers), bids.py (bids, the
panel, declarations, scores), award.py (moderation, the ranked result, the award creating the
contract), common.py.
"""

from .award import MeasureInput, act_on_award_decision, award_tender, moderate_bid, ranked_result
from .bids import (
    assign_evaluator,
    attach_bid_document,
    declare_interests,
    mark_bid_non_compliant,
    record_bid,
    score_bid,
    start_moderation,
)
from .clarifications import answer_clarification, ask_clarification
from .tenders import (
    TenderDetails,
    add_question,
    approve_tender_for_publication,
    cancel_tender,
    close_tender,
    create_tender,
    publish_tender,
    start_evaluation,
)

__all__ = [
    "MeasureInput",
    "TenderDetails",
    "act_on_award_decision",
    "add_question",
    "answer_clarification",
    "ask_clarification",
    "approve_tender_for_publication",
    "assign_evaluator",
    "attach_bid_document",
    "award_tender",
    "cancel_tender",
    "close_tender",
    "create_tender",
    "declare_interests",
    "mark_bid_non_compliant",
    "moderate_bid",
    "publish_tender",
    "ranked_result",
    "record_bid",
    "score_bid",
    "start_evaluation",
    "start_moderation",
]
