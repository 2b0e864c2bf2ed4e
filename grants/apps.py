"""Grants: funding streams, financial-year budgets, commitments, co-funding and grants."""

from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = "Funding streams and grants"

    def ready(self) -> None:
        from accounts.roles import Role, register_role_permissions
        from approvals.engine import hooks as engine_hooks
        from approvals.engine.models import ApprovalKind
        from approvals.hooks import (
            register_related_items,
            register_signing_check,
            register_signing_handler,
            register_withdrawal_handler,
        )
        from audit.events import track

        from . import models, selectors, services

        track(models.FundingStream, exclude=["status"])
        track(models.StreamBudget)
        track(models.IncomeLine)
        track(models.Grant, exclude=["state", "version"])
        track(models.Award)
        track(models.FundingShare)
        track(models.GrantCondition)
        track(models.DeliveryActivity)
        track(models.BudgetOverride)
        track(models.Payment)
        track(models.SubsidyAllowance)
        register_signing_handler(services.approve_grants_for_notice)
        register_signing_check(services.notice_signing_blockers)
        register_withdrawal_handler(services.return_grants_of_withdrawn_notice)
        register_related_items(selectors.related_grant_items)
        engine_hooks.register_outcome_handler(
            ApprovalKind.BUDGET_OVERRIDE, services.act_on_budget_override_decision
        )
        from notifications.kinds import register_kind

        from .reminders import KIND

        register_kind(KIND, "Funding streams nearly committed")
        from approvals.events import DecisionNoticeEvent
        from audit.subscribers import subscribe

        from .subscribers import DECISION_KIND, tell_providers_of_signed_notice

        register_kind(DECISION_KIND, "Decisions on your grants")
        subscribe(tell_providers_of_signed_notice, events=[DecisionNoticeEvent.SIGNED])

        reference = [
            f"grants.{verb}_{model}"
            for verb in ("add", "change", "view")
            for model in (
                "fundingstream",
                "streambudget",
                "incomeline",
                "plantheme",
                "subsidyallowance",
            )
        ]
        register_role_permissions(Role.ADMINISTRATOR, reference)
        register_role_permissions(
            Role.OFFICER,
            ["grants.view_fundingstream", "grants.view_streambudget", "grants.view_grant"],
        )
        register_role_permissions(Role.FINANCE, ["grants.add_payment", "grants.view_payment"])
