"""The catalogue of outcome-return events written to the audit trail (and handed to subscribers)."""

from django.db import models

from commissioning.events import ContractEvent


class ReturnEvent(models.TextChoices):
    SCHEDULED = "returns_scheduled", "Outcome returns scheduled"
    STARTED = "return_started", "Return started"
    SUBMITTED = "return_submitted", "Return submitted"
    RESUBMITTED = "return_resubmitted", "Return resubmitted"
    CHANGES_REQUESTED = "return_changes_requested", "Changes requested to a return"
    ACCEPTED = "return_accepted", "Return accepted"


# Events of other apps the returns app reacts to (audit.subscribers).
GRANT_ACTIVATED = "grant_activated"
# A contract is let, or its end date moves: its schedule is made or remade.
CONTRACT_SCHEDULE_EVENTS = (
    ContractEvent.ACTIVATED,
    ContractEvent.EXTENDED,
    ContractEvent.BREAK_NOTICE,
    ContractEvent.DECOMMISSIONED,
)
