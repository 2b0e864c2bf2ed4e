"""The commissioning events written to the audit trail: STAs and contracts."""

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
