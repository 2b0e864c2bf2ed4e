"""Contract pages: the contract with its timeline, money by year and history (its records cached
per version), and one form per action (the list is in contract_list_views). Provider users see
their own contracts read-only."""

from __future__ import annotations

import functools
from uuid import uuid4

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods, require_POST

from approvals.fragments import fragment_context, render_with_csrf
from audit.selectors import history_for
from documents.selectors import documents_for
from grants.forms import PaymentForm

from . import contract_selectors as selectors
from . import contract_services as services
from . import contract_terms
from .contract_forms import (
    AgreementForm,
    BreakNoticeForm,
    ContractDocumentForm,
    DeclineForm,
    DecommissionForm,
    DraftTermsForm,
    FeedbackForm,
    MeetingForm,
)
from .contract_list_views import contract_list  # noqa: F401 (the list lives there; urls use it here)
from .contract_permissions import (
    can_manage_contract,
    can_record_contract_payment,
    can_view_contracts,
)
from .contract_timeline import timeline_bar
from .errors import CommissioningError
from .models import Contract, ExtensionOption


def _require(verdict: tuple[bool, str]) -> None:
    if not verdict[0]:
        raise PermissionDenied(verdict[1])


def _visible(request, pk: int) -> Contract:
    _require(can_view_contracts(request.user))
    return get_object_or_404(selectors.contracts_visible_to(request.user), pk=pk)


def _managed(request, pk: int) -> Contract:
    contract = _visible(request, pk)
    _require(can_manage_contract(request.user, contract))
    return contract


def _option(contract: Contract, number: int) -> ExtensionOption:
    return get_object_or_404(ExtensionOption, contract=contract, sequence=number)


@login_required
def contract_detail(request, pk: int):
    _require(can_view_contracts(request.user))
    facts = selectors.contract_page_facts(request.user, pk)
    if facts is None:
        raise Http404("No such contract")
    # What the permissions and other apps' panels read of the row (its id, state, provider and
    # award); the contract itself is read only to render the page.
    row = Contract(
        pk=pk, state=facts["state"], provider_id=facts["provider_id"], award_id=facts["award_id"]
    )
    can_manage = can_manage_contract(request.user, row)[0]
    can_pay = can_record_contract_payment(request.user, row)[0]
    today = timezone.localdate()
    context = _page_context(request.user, row, facts["lead_months"], today)
    context |= {"heading": facts, "contract_row": row, "can_manage": can_manage, "can_pay": can_pay}
    # The page but its other apps' panels is cached under one query's versions of all it shows
    # (selectors.contract_page_facts), what the reader may do and the day; its forms carry
    # csrf_slot. A hit reads nothing else.
    context |= fragment_context(*facts.items(), can_manage, can_pay, today)
    return render_with_csrf(request, "commissioning/contract_detail.html", context)


def _page_context(user, row: Contract, lead: int | None, today) -> dict:
    """The contract and all the page shows of it, each read only when the page is rendered
    (`row`: the contract's id, state, provider and award, enough for the records below it)."""

    @functools.cache
    def contract() -> Contract:
        return selectors.contract_for_page(user, row.pk)

    @functools.cache
    def timeline():
        return contract().timeline(lead_months=lead) if lead else None

    lazy = SimpleLazyObject
    return {
        "contract": lazy(contract),
        "options": lazy(lambda: contract().option_rows()),
        "timeline": lazy(timeline),
        "bar": lazy(lambda: timeline() and timeline_bar(timeline(), today=today)),
        "today": today,
        "whole_life_value": lazy(lambda: services.whole_life_value(contract())),
        "meeting_dates": lazy(lambda: _meeting_dates(contract(), timeline())),
        **_records(row),
    }


def _records(contract: Contract) -> dict:
    """The page's records below the options, each read only when the cached part has expired."""

    def payments() -> list:
        return list(selectors.payments_for(contract)) if contract.award_id else []

    def shares() -> list:
        if not contract.award_id:
            return []
        return list(contract.award.shares.select_related("stream", "partner"))

    paid = SimpleLazyObject(payments)
    meetings = SimpleLazyObject(lambda: list(contract.meetings.prefetch_related("actions")))
    return {
        "payments": paid,
        "money": SimpleLazyObject(lambda: selectors.money_by_year(contract, list(paid))),
        "shares": SimpleLazyObject(shares),
        "measures": SimpleLazyObject(lambda: list(contract.measures.all())),
        "entries": SimpleLazyObject(lambda: history_for(contract)),
        "meetings": meetings,
        "open_actions": SimpleLazyObject(lambda: _open_actions(meetings)),
        "feedback": SimpleLazyObject(lambda: list(contract.feedback.all())),
        "documents": SimpleLazyObject(
            lambda: list(documents_for(contract, purpose=services.CONTRACT_DOCUMENT))
        ),
    }


def _open_actions(meetings) -> list:
    """services.open_actions, from the meetings already read with their actions."""
    found = [a for m in meetings for a in m.actions.all() if a.done_on is None]
    return sorted(found, key=lambda a: (a.due_on, a.pk))


def _meeting_dates(contract: Contract, timeline) -> list:
    if timeline is None or contract.state == "draft":
        return []
    return contract_terms.meeting_dates(timeline.start, timeline.current_end)


# --- actions: one piece serves every button (a POST) and every form page ----------------------


def _target(contract: Contract, number: int | None):
    """The contract, or one of its options when the address names one."""
    return contract if number is None else _option(contract, number)


def _post_action(call, success: str):
    """A button: `call({}, target, user)` on the contract or option, then back to the contract."""

    @login_required
    @require_POST
    def view(request, pk: int, number: int | None = None):
        contract = _managed(request, pk)
        target = _target(contract, number)
        try:
            call({}, target, request.user)
        except CommissioningError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, success.format(ref=contract.reference, n=number))
        return redirect(contract)

    return view


def _form_action(
    make_form, call, *, title: str, success: str, allowed=can_manage_contract, files=False
):
    """A form page: `make_form(data, contract)` in, `call(cleaned_data, target, user)` on a valid
    post, a refusal shown on its field. `allowed(user, contract)` gates it after the 404 check;
    `files`: the form takes an upload (`make_form(data, contract, files)`)."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk: int, number: int | None = None):
        contract = _visible(request, pk)
        _require(allowed(request.user, contract))
        target = _target(contract, number)
        data = request.POST or None
        form = make_form(data, contract, request.FILES) if files else make_form(data, contract)
        if request.method == "POST" and form.is_valid():
            try:
                call(form.cleaned_data, target, request.user)
            except CommissioningError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, success.format(n=number))
                return redirect(contract)
        context = {
            "contract": contract,
            "form": form,
            "title": title.format(ref=contract.reference, n=number),
            "option": None if target is contract else target,
        }
        return render(
            request,
            "commissioning/contract_action.html",
            context,
            status=400 if form.errors else 200,
        )

    return view


def _plain(form_class):
    return lambda data, contract: form_class(data)


def _call(service, on: str, by: str, *fields: str):
    """`service(<on>=contract or option, <by>=user, <field>=cleaned value, ...)`: each form field
    goes to the service argument of the same name."""
    return lambda d, target, user: service(**{on: target, by: user}, **{f: d[f] for f in fields})


contract_terms_edit = _form_action(
    lambda data, c: DraftTermsForm(
        data,
        initial={
            "initial_months": c.initial_months,
            "option_months": ", ".join(str(o.months) for o in c.option_rows()),
            "commissioner_notice_months": c.commissioner_notice_months,
            "provider_notice_months": c.provider_notice_months,
        },
    ),
    _call(services.change_draft_terms, "contract", "edited_by", "initial_months",
          "option_months", "commissioner_notice_months", "provider_notice_months"),
    title="Change the term of {ref}",
    success="The contract's term is changed.",
)  # fmt: skip
contract_request_approval = _post_action(
    _call(services.request_contract_approval, "contract", "requested_by"),
    "{ref} sent for approval.",
)
contract_activate = _post_action(
    _call(services.activate_contract, "contract", "activated_by"), "{ref} is now active."
)
option_request_approval = _post_action(
    _call(services.request_extension_approval, "option", "requested_by"),
    "Extension option {n} sent for approval.",
)
option_exercise = _post_action(
    _call(services.exercise_extension, "option", "exercised_by"),
    "Extension option {n} exercised.",
)
option_agreement = _form_action(
    _plain(AgreementForm),
    _call(services.record_provider_agreement, "option", "recorded_by", "agreed_by", "agreed_on"),
    title="Record the provider's agreement to extension option {n}",
    success="The provider's agreement to option {n} is recorded.",
)
option_decline = _form_action(
    _plain(DeclineForm),
    _call(services.decline_extension, "option", "declined_by", "reason"),
    title="Decline extension option {n}",
    success="Extension option {n} declined; any later options have lapsed.",
)
contract_break = _form_action(
    _plain(BreakNoticeForm),
    _call(services.give_break_notice, "contract", "recorded_by",
          "party", "given_on", "given_by", "reason", "stated_end"),
    title="Record break notice on {ref}",
    success="Break notice recorded: the contract's end date has changed.",
)  # fmt: skip
contract_decommission = _form_action(
    _plain(DecommissionForm),
    _call(services.decommission_contract, "contract", "decided_by",
          "reason", "risks_to_service_users", "mitigation", "exit_plan",
          "provider_agreed_by", "provider_agreed_on", "ends_on"),
    title="De-commission {ref}",
    success="The contract is de-commissioned.",
)  # fmt: skip


def _meeting_form(data, contract: Contract) -> MeetingForm:
    return MeetingForm(
        data, open_actions=services.open_actions(contract), initial={"request_key": uuid4()}
    )


def _record_meeting(d, contract: Contract, user):
    new = []
    if d.get("action"):
        new = [services.ActionInput(d["action"], d["action_owner"], d["action_due_on"])]
    return services.record_meeting(
        contract=contract,
        held_on=d["held_on"],
        attendees=d["attendees"],
        notes=d["notes"],
        actions=new,
        closed_action_ids=[int(x) for x in d.get("closed") or []],
        recorded_by=user,
        request_key=d.get("request_key"),
    )


contract_meeting = _form_action(
    _meeting_form,
    _record_meeting,
    title="Record a contract meeting on {ref}",
    success="Meeting recorded.",
)
contract_feedback = _form_action(
    _plain(FeedbackForm),
    _call(services.record_feedback, "contract", "recorded_by", "kind", "received_on", "summary"),
    title="Record feedback or a dip sample on {ref}",
    success="Feedback recorded.",
)
contract_payment = _form_action(
    lambda data, contract: PaymentForm(data, award=contract.award),
    _call(services.record_contract_payment, "contract", "recorded_by",
          "commitment", "paid_on", "amount", "reference", "request_key"),
    title="Record a payment on {ref}",
    success="Payment recorded.",
    allowed=can_record_contract_payment,
)  # fmt: skip
contract_document = _form_action(
    lambda data, contract, files: ContractDocumentForm(data, files),
    _call(services.attach_contract_document, "contract", "uploaded_by", "document"),
    title="Add a document to {ref}",
    success="Document added.",
    files=True,
)
