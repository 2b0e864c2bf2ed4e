"""Recording a payment against a grant's commitment (finance approvers); the form is
grants.forms.PaymentForm, which contracts share."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.permissions import role_required
from accounts.roles import Role

from .. import permissions
from ..forms import PaymentForm
from ..models import Grant
from ..services import GrantError
from ..services.payments import PAYABLE_STATES, record_payment


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
    form = PaymentForm(request.POST or None, award=grant.award)
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
