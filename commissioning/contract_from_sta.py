"""What an approved Single Tender Action does to contracts, run as a Celery task once the decision
commits: one for a new contract drafts that contract; one for an extension adds the option it
approved to the active contract with its reference; the officer who wrote the STA is told.

The engine's outcome handler only enqueues (after commit); the task locks the STA and does
nothing it has done before, so a retried or doubled task, or the periodic catch-up for a broker
that was down, changes nothing twice.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from approvals.engine.models import ApprovalState
from audit.events import acting_as, record_event
from core.enqueue import enqueue_after_commit
from notifications.services import notify
from notifications.sweeps import key

from . import contract_selectors, contract_terms
from .contract_services import ContractDetails, create_contract
from .events import ContractEvent
from .models import (
    Contract,
    ContractOrigin,
    ContractState,
    ExtensionOption,
    SingleTenderAction,
    StaKind,
)
from .reminders import KIND


def enqueue_on_approval(*, request, decided_by, comment: str) -> None:
    """The engine's outcome handler for STAs: once an approval commits, hand it to a worker."""
    if request.state == ApprovalState.APPROVED:
        from .tasks import apply_approved_sta

        enqueue_after_commit(apply_approved_sta, request.pk)


def act_on_approved_sta(*, request_id: int) -> str:
    """Draft the contract or add the option an approved STA stands for (once); tell its officer.
    Returns what it did: "drafted", "extended", "nothing"."""
    with transaction.atomic():
        sta = (
            SingleTenderAction.objects.select_for_update(of=("self",))
            .select_related("supplier", "award", "approval_request")
            .filter(approval_request_id=request_id, approval_request__state=ApprovalState.APPROVED)
            .first()
        )
        if sta is None:
            return "nothing"
        decided_by = _approver(sta.approval_request)
        with acting_as(decided_by):
            if sta.kind == StaKind.EXTENSION:
                if ExtensionOption.objects.filter(single_tender_action=sta).exists():
                    return "nothing"
                contract = _add_option(sta, decided_by)
                done = "extended"
            else:
                if Contract.objects.filter(single_tender_action=sta).exists():
                    return "nothing"
                contract = _draft_contract(sta)
                done = "drafted"
                project = sta.projects.first()
                if project is not None and contract is not None:  # linked before this ran
                    from .project_services import copy_measures

                    Contract.objects.filter(pk=contract.pk).update(project=project)
                    copy_measures(project=project, contracts=[contract])
        if contract is not None:
            _tell_officer(sta, contract, done)
    return done if contract is not None else "nothing"


def _approver(request):
    last = request.decisions.select_related("decided_by").order_by("-decided_at", "-pk").first()
    return last.decided_by if last else request.requested_by


def _tell_officer(sta: SingleTenderAction, contract: Contract, done: str) -> None:
    what = "drafted as" if done == "drafted" else "added as an extension option to"
    decided = timezone.localdate(sta.approval_request.decided_at)
    notify(
        recipient=sta.created_by,
        kind=KIND,
        subject=f"{sta.reference} approved: {what} contract {contract.reference}",
        key=key("sta.applied", "sta", sta.pk, decided, sta.created_by_id),
        link=contract.get_absolute_url(),
        about_date=decided,
    )


def approved_stas_to_apply(*, since) -> list[int]:
    """Approval requests of STAs approved since `since` whose contract work is not done yet
    (one query): the catch-up for an enqueue the broker lost."""
    return list(
        SingleTenderAction.objects.filter(
            approval_request__state=ApprovalState.APPROVED,
            approval_request__decided_at__gte=since,
        )
        .exclude(
            Q(kind=StaKind.EXTENSION)
            & Exists(ExtensionOption.objects.filter(single_tender_action=OuterRef("pk")))
        )
        .exclude(
            ~Q(kind=StaKind.EXTENSION)
            & Exists(Contract.objects.filter(single_tender_action=OuterRef("pk")))
        )
        .values_list("approval_request_id", flat=True)
    )


def _draft_contract(sta: SingleTenderAction) -> Contract:
    months = min(
        contract_terms.months_between(sta.start_date, sta.end_date), contract_terms.MAX_TERM_MONTHS
    )
    notice = contract_selectors.policy_on(sta.start_date).default_notice_months
    contract = create_contract(
        details=ContractDetails(
            reference=f"{sta.reference}-C",
            provider=sta.supplier,
            title=sta.service,
            start_date=sta.start_date,
            initial_months=months,
            annual_value=(sta.whole_life_value * 12 / months).quantize(Decimal("0.01")),
            commissioner_notice_months=notice,
            provider_notice_months=notice,
            origin=ContractOrigin.STA,
            single_tender_action=sta,
        ),
        created_by=sta.created_by,
    )
    if sta.award_id:
        contract.award = sta.award
        contract.save(update_fields=["award"])
    return contract


def _add_option(sta: SingleTenderAction, decided_by) -> Contract | None:
    contract = (
        Contract.objects.select_for_update(of=("self",))
        .filter(reference=sta.existing_contract_reference.strip(), state=ContractState.ACTIVE)
        .first()
    )
    if contract is None:  # a contract kept outside the service: nothing to add it to
        return None
    last = contract.options.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    option = ExtensionOption.objects.create(
        contract=contract,
        sequence=last + 1,
        months=contract_terms.months_between(sta.start_date, sta.end_date),
        single_tender_action=sta,
        approval_request=sta.approval_request,
    )
    record_event(
        ContractEvent.OPTION_ADDED,
        actor=decided_by,
        target=contract,
        message=f"{sta.reference} approved option {option.sequence} "
        f"({contract_terms.describe_months(option.months)})",
    )
    return contract
