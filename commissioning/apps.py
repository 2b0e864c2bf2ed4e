"""Commissioning: commissioning projects, procurement routes and thresholds (effective-dated data),
tenders, bids, evaluation, Single Tender Actions, contracts and meetings.

Built so far: procurement route bands, statutory thresholds, direct-award grounds, Single Tender
Actions, and contracts with N plus M terms (options, break notices, de-commissioning). It may import grants, approvals and providers; they never import it.
"""

from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "commissioning"
    verbose_name = "Commissioning and contracts"

    def ready(self) -> None:
        from accounts.roles import Role, register_role_permissions
        from approvals.engine import hooks
        from approvals.engine.models import ApprovalKind
        from audit.events import track
        from documents.permissions import register_owner

        from . import services
        from .contract_from_sta import enqueue_on_approval
        from .contract_permissions import can_view_contract
        from .models import Contract, SingleTenderAction
        from .permissions import can_view_stas

        hooks.register_outcome_handler(ApprovalKind.STA, services.act_on_sta_decision)
        # After the STA has followed the decision and it commits, a task drafts or extends a
        # contract (contract_from_sta).
        hooks.register_outcome_handler(ApprovalKind.STA, enqueue_on_approval)
        from .extension_approvals import enqueue_on_approval as on_extension

        hooks.register_outcome_handler(ApprovalKind.CONTRACT_EXTENSION, on_extension)
        from notifications.kinds import register_kind

        from .reminders import KIND

        register_kind(KIND, "Contract deadlines, meetings and actions")
        register_owner(Contract, can_view=lambda user, c: can_view_contract(user, c)[0])
        register_owner(SingleTenderAction, can_view=lambda user, sta: can_view_stas(user)[0])
        relations = [f.name for f in SingleTenderAction._meta.get_fields() if not f.concrete]
        track(
            SingleTenderAction,
            exclude=["state", "request_key", "version", "editors", "approval_request", *relations],
        )
        view = [
            "commissioning.view_singletenderaction",
            "commissioning.view_procurementrouteband",
            "commissioning.view_statutorythreshold",
            "commissioning.view_directawardground",
            "commissioning.view_contractpolicy",
        ]
        for role in (Role.OFFICER, Role.FINANCE, Role.CHIEF_EXECUTIVE, Role.COMMISSIONER):
            register_role_permissions(role, view[:1])
        register_role_permissions(
            Role.ADMINISTRATOR,
            [
                *view,
                "commissioning.add_procurementrouteband",
                "commissioning.change_procurementrouteband",
                "commissioning.add_statutorythreshold",
                "commissioning.change_statutorythreshold",
                "commissioning.add_directawardground",
                "commissioning.change_directawardground",
                "commissioning.add_contractpolicy",
                "commissioning.change_contractpolicy",
            ],
        )
