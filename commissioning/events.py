"""The commissioning events written to the audit trail: STAs, contracts, projects and tenders."""

from django.db import models


class StaEvent(models.TextChoices):
    DRAFTED = "sta_drafted", "Single tender action drafted"
    CHANGED = "sta_changed", "Single tender action changed"
    SUBMITTED = "sta_submitted", "Single tender action submitted for approval"
    APPROVED = "sta_approved", "Single tender action approved"
    REJECTED = "sta_rejected", "Single tender action rejected"
    RETURNED = "sta_returned", "Single tender action returned for changes"


class ContractEvent(models.TextChoices):
    CREATED = "contract_created", "Contract drafted"
    APPROVAL_REQUESTED = "contract_approval_requested", "Contract award sent for approval"
    ACTIVATED = "contract_activated", "Contract let"
    ENDED = "contract_ended", "Contract ended"
    OPTION_ADDED = "contract_option_added", "Extension option added by an STA"
    AGREEMENT_RECORDED = "contract_provider_agreement", "Provider's agreement to extend recorded"
    EXTENSION_REQUESTED = "contract_extension_requested", "Extension sent for approval"
    EXTENDED = "contract_extended", "Extension option exercised"
    OPTION_DECLINED = "contract_option_declined", "Extension option declined"
    BREAK_NOTICE = "contract_break_notice", "Break notice given"
    DECOMMISSIONED = "contract_decommissioned", "Contract de-commissioned"
    MEETING_RECORDED = "contract_meeting_recorded", "Contract meeting recorded"
    FEEDBACK_RECORDED = "contract_feedback_recorded", "Feedback or dip sample recorded"
    MEASURES_CHANGED = "contract_measures_changed", "Outcome measures changed"
    TERMS_CHANGED = "contract_terms_changed", "Draft contract's term changed"
    MONEY_CHANGED = "contract_money_changed", "Draft contract's value and funding changed"


class TenderEvent(models.TextChoices):
    DRAFTED = "tender_drafted", "Tender drafted"
    QUESTION_ADDED = "tender_question_added", "Method-statement question added"
    APPROVED = "tender_approved", "Tender approved for publication"
    PUBLISHED = "tender_published", "Tender published"
    CLARIFICATION_ASKED = "tender_clarification_asked", "Clarification question asked by a bidder"
    CLARIFIED = "tender_clarification", "Clarification answered"
    BID_RECEIVED = "tender_bid_received", "Bid received"
    BID_NON_COMPLIANT = "tender_bid_non_compliant", "Bid found not compliant"
    CLOSED = "tender_closed", "Tender closed for bids"
    EVALUATOR_ASSIGNED = "tender_evaluator_assigned", "Evaluator assigned to the panel"
    DECLARED = "tender_declaration", "Evaluator declared interests"
    EVALUATION_STARTED = "tender_evaluation_started", "Evaluation started"
    SCORED = "tender_scored", "Evaluator scored a bid"
    MODERATION_STARTED = "tender_moderation_started", "Moderation started"
    MODERATED = "tender_moderated", "Moderated scores recorded"
    AWARD_REQUESTED = "tender_award_requested", "Award off the top-ranked bid sent for approval"
    AWARDED = "tender_awarded", "Tender awarded"
    CANCELLED = "tender_cancelled", "Tender cancelled"


class ProjectEvent(models.TextChoices):
    CREATED = "project_created", "Commissioning project started"
    CHANGED = "project_changed", "Commissioning project changed"
    MOVED_TO_PLAN = "project_moved_to_plan", "Project moved to Plan"
    MOVED_TO_DO = "project_moved_to_do", "Project moved to Do"
    MOVED_TO_REVIEW = "project_moved_to_review", "Project moved to Review"
    EVIDENCE_ADDED = "project_evidence_added", "Evidence added to a project"
    NOTICE_DUE = "project_notice_due", "Procurement notice due date set"
    NOTICE_PUBLISHED = "project_notice_published", "Procurement notice published"
