"""Every budget override recorded before overrides went through the approvals engine becomes an
approved request of kind "budget override" with the finance approver's decision (who, when, the
band in force that day, their reason as the comment). The grant's author stands as requester."""

from django.db import migrations
from django.urls import reverse
from django.utils import timezone

KIND = "budget_override"


def _band(ApprovalBand, *, value, day):
    rows = list(ApprovalBand.objects.filter(kind=KIND, effective_from__lte=day))
    if rows:
        latest = max(r.effective_from for r in rows)
        for band in sorted(rows, key=lambda r: r.above_value):
            in_range = band.up_to_value is None or value <= band.up_to_value
            if band.effective_from == latest and value > band.above_value and in_range:
                return band
    raise RuntimeError(
        f"No budget override approval band covers £{value:,.2f} on {day}: add one, then migrate."
    )


def overrides_become_requests(apps, schema_editor):
    BudgetOverride = apps.get_model("grants", "BudgetOverride")
    ApprovalBand = apps.get_model("approvals", "ApprovalBand")
    ApprovalRequest = apps.get_model("approvals", "ApprovalRequest")
    ApprovalDecision = apps.get_model("approvals", "ApprovalDecision")
    Grant = apps.get_model("grants", "Grant")
    legacy = BudgetOverride.objects.filter(approval_request__isnull=True).select_related("stream")
    for override in legacy.order_by("pk"):
        grant = Grant.objects.filter(award_id=override.award_id).first()
        at = override.approved_at or timezone.now()
        day = timezone.localtime(at).date()
        band = _band(ApprovalBand, value=override.amount, day=day)
        year = f"{override.financial_year}/{(override.financial_year + 1) % 100:02d}"
        reference = grant.reference if grant else f"award {override.award_id}"
        request = ApprovalRequest.objects.create(
            kind=KIND,
            value=override.amount,
            title=(
                f"Budget override for grant {reference}: {override.stream.name} {year}, "
                f"up to £{override.amount:,.2f} over budget"
            )[:250],
            subject_url=reverse("grants:grant_detail", args=[grant.pk]) if grant else "",
            requested_by_id=grant.created_by_id if grant else override.approved_by_id,
            requested_at=at,
            band_date=day,
            band=band,
            first_role=band.first_role,
            second_role="",
            needs_decision_notice=False,
            reason=(
                f"A budget override of £{override.amount:,.2f} agreed directly by a finance "
                f"approver before overrides went through the approvals queue (band in force from "
                f"{band.effective_from:%d %B %Y}; source: {band.source})."
            ),
            state="approved",
            decided_at=at,
        )
        ApprovalDecision.objects.create(
            request=request,
            role=band.first_role,
            outcome="approved",
            decided_by_id=override.approved_by_id,
            decided_at=at,
            band=band,
            comment=override.reason,
        )
        override.approval_request = request
        override.approved_at = at
        override.save(update_fields=["approval_request", "approved_at"])


class Migration(migrations.Migration):
    dependencies = [("grants", "0008_budget_override_requests")]

    operations = [migrations.RunPython(overrides_become_requests, migrations.RunPython.noop)]
