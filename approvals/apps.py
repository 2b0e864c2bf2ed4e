"""Approvals: approval bands, approval requests and decisions, segregation of duties, decision notices."""

from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "Approvals and decision notices"

    def ready(self) -> None:
        from accounts.roles import Role, register_role_permissions
        from audit.events import track

        from . import hooks
        from .engine import services as engine_services
        from .models import DecisionNotice

        # State changes are written by the services as named transitions (record_transition);
        # the form key, version counter and timestamps are bookkeeping, not history; relations
        # (the editors, and other apps' links to a notice) are not the notice's own words.
        relations = [f.name for f in DecisionNotice._meta.get_fields() if not f.concrete]
        track(
            DecisionNotice,
            exclude=["state", "request_key", "version", "updated_at", *relations],
        )
        read = ["approvals.view_decisionnotice"]
        register_role_permissions(
            Role.OFFICER, [*read, "approvals.add_decisionnotice", "approvals.change_decisionnotice"]
        )
        register_role_permissions(Role.COMMISSIONER, read)
        register_role_permissions(Role.FINANCE, read)
        register_role_permissions(
            Role.ADMINISTRATOR, [*read, "approvals.view_decisionnoticesequence"]
        )
        # The approvals engine: signing a notice approves the request it was drafted for.
        hooks.register_signing_handler(engine_services.approve_by_signed_notice)
        _register_engine_permissions()
        _register_reminder_kinds()


def _register_reminder_kinds() -> None:
    from notifications.kinds import register_kind

    from . import reminders

    register_kind(reminders.CHASE_KIND, "Approvals waiting for you")
    register_kind(reminders.ESCALATION_KIND, "Approvals waiting too long", escalation=True)


def _register_engine_permissions() -> None:
    from accounts.roles import Role, register_role_permissions

    for role in (Role.FINANCE, Role.CHIEF_EXECUTIVE, Role.COMMISSIONER, Role.OFFICER):
        register_role_permissions(role, ["approvals.view_approvalrequest"])
    register_role_permissions(Role.CHIEF_EXECUTIVE, ["approvals.view_decisionnotice"])
    register_role_permissions(
        Role.ADMINISTRATOR,
        [
            "approvals.view_approvalband",
            "approvals.add_approvalband",
            "approvals.change_approvalband",
            "approvals.view_approvalrequest",
        ],
    )
