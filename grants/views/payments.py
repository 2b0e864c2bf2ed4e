"""Recording a payment against a grant's commitment (finance approvers)."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.permissions import role_required
from accounts.roles import Role
from core.forms import DateField, MoneyField, PlainMessagesMixin

from .. import permissions
from ..models import Grant
from ..services import GrantError
from ..services.payments import PAYABLE_STATES, record_payment


class PaymentForm(PlainMessagesMixin, forms.Form):
    request_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    commitment = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose the stream and year",
        label="Commitment paid against",
        error_messages={"required": "Choose the stream and year the payment is paid from"},
    )
    paid_on = DateField(
        label="Date paid",
        error_messages={"required": "Enter the date paid"},
    )
    amount = MoneyField(label="Amount (£)", error_messages={"required": "Enter the amount paid"})
    reference = forms.CharField(
        max_length=100,
        label="Payment reference",
        error_messages={
            "required": "Enter the payment reference, such as the invoice or remittance number",
            "null_characters_not_allowed": "Remove the invisible control characters",
        },
    )

    def __init__(self, *args, grant: Grant, **kwargs):
        super().__init__(*args, **kwargs)
        commitments = grant.award.commitments.select_related("stream").prefetch_related("payments")
        self.fields["commitment"].queryset = commitments
        self.fields["commitment"].label_from_instance = lambda c: (
            f"{c.stream} {c.year.label} (£{c.remaining:,.2f} left of £{c.amount:,.2f})"
        )
        if not self.is_bound:
            self.initial.setdefault("request_key", uuid.uuid4())


@role_required(Role.FINANCE)
@require_http_methods(["GET", "POST"])
def payment_create(request, pk: int):
    grant = get_object_or_404(Grant.objects.select_related("award"), pk=pk)
    allowed, reason = permissions.can_record_payment(request.user, grant)
    if not allowed:
        raise PermissionDenied(reason)
    if grant.state not in PAYABLE_STATES:
        messages.error(request, "Payments are recorded only on approved or active grants.")
        return redirect(grant)
    form = PaymentForm(request.POST or None, grant=grant)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = record_payment(
                grant=grant,
                commitment=data["commitment"],
                paid_on=data["paid_on"],
                amount=data["amount"],
                reference=data["reference"],
                recorded_by=request.user,
                request_key=data.get("request_key"),
            )
        except GrantError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, f"Payment {payment.reference} recorded.")
            return redirect(grant)
    return render(request, "grants/payment_form.html", {"form": form, "grant": grant})
