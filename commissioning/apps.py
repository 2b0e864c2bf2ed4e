"""Commissioning: commissioning projects, procurement routes and thresholds (effective-dated data),
tenders, bids, evaluation, Single Tender Actions, contracts and meetings.

Built so far: procurement route bands, statutory thresholds, direct-award grounds, Single Tender
Actions, contracts with N plus M terms (options, break notices, de-commissioning), commissioning
projects (Understand → Plan → Do → Review) with the route advisor and their notices checklist, and
tenders (publication, bids, panel, scoring, moderation, award). It may import grants, approvals and
providers; they never import it.
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
        from .models import CommissioningProject, Contract, SingleTenderAction
        from .permissions import can_view_stas
        from .project_permissions import can_view_projects

        hooks.register_outcome_handler(ApprovalKind.STA, services.act_on_sta_decision)
        # After the STA has followed the decision and it commits, a task drafts or extends a
        # contract (contract_from_sta).
        hooks.register_outcome_handler(ApprovalKind.STA, enqueue_on_approval)
        from .extension_approvals import enqueue_on_approval as on_extension

        hooks.register_outcome_handler(ApprovalKind.CONTRACT_EXTENSION, on_extension)
        from notifications.kinds import register_kind

        from .reminders import KIND

        register_kind(KIND, "Contract deadlines, meetings and actions")
        from .tender_services import act_on_award_decision

        # An award off the top-ranked bid waits for this approval (tender_services/award.py).
        hooks.register_outcome_handler(ApprovalKind.CONTRACT_AWARD, act_on_award_decision)
        from .models import Bid
        from .tender_permissions import bids_visible_to

        register_owner(
            Bid, can_view=lambda user, bid: bids_visible_to(user).filter(pk=bid.pk).exists()
        )
        register_owner(Contract, can_view=lambda user, c: can_view_contract(user, c)[0])
        register_owner(SingleTenderAction, can_view=lambda user, sta: can_view_stas(user)[0])
        register_owner(CommissioningProject, can_view=lambda user, p: can_view_projects(user)[0])
        track(
            CommissioningProject,
            exclude=[
                "stage",
                "request_key",
                "version",
                "updated_at",
                *[f.name for f in CommissioningProject._meta.get_fields() if not f.concrete],
            ],
        )
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
            "commissioning.view_noticepolicy",
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
                "commissioning.add_noticepolicy",
                "commissioning.change_noticepolicy",
            ],
        )
