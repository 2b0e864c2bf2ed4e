"""Returns: six-monthly outcome return schedules, the returns themselves, evidence, officer review and
the provider portal pages. It sits above grants and commissioning (a return belongs to a grant or a
contract) and below dashboards.
"""

from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = "Outcome returns"

    def ready(self) -> None:
        from audit.subscribers import subscribe
        from commissioning.hooks import register_contract_panel, register_project_panel
        from documents.permissions import register_owner

        from .events import CONTRACT_SCHEDULE_EVENTS, GRANT_ACTIVATED
        from .models import OutcomeReturn
        from .notify import REVIEW_EVENTS, notify_review, register_kinds
        from .panels import contract_returns_panel, project_returns_panel
        from .permissions import can_view_return
        from .subscribers import schedule_contract, schedule_on_activation
        from .versioning import connect_signals

        # Evidence downloads follow the return's own visibility (a provider sees only its own).
        register_owner(OutcomeReturn, can_view=lambda user, r: can_view_return(user, r)[0])
        subscribe(schedule_on_activation, events=[GRANT_ACTIVATED])
        subscribe(schedule_contract, events=CONTRACT_SCHEDULE_EVENTS)
        subscribe(notify_review, events=REVIEW_EVENTS)
        register_kinds()
        register_contract_panel(contract_returns_panel)
        register_project_panel(project_returns_panel)
        _register_reminder_kinds()
        connect_signals()


def _register_reminder_kinds() -> None:
    from notifications.kinds import register_kind

    from . import reminders

    register_kind(reminders.REMINDER_KIND, "Outcome return reminders")
    register_kind(reminders.ESCALATION_KIND, "Overdue outcome return escalations", escalation=True)
