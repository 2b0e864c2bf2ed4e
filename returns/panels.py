"""The "Outcome returns" sections other pages show (registered with commissioning.hooks): a
contract's returns with a chart of each output over time, and a commissioning project's Review
summary of what its contracts' returns show, for whoever may see them."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from . import rules, selectors
from .charts import outputs_over_time


def contract_returns_panel(*, request, contract) -> str:
    returns = selectors.award_returns(user=request.user, contract_id=contract.pk)
    if not returns:
        return ""
    rules.mark(returns, timezone.localdate())
    return render_to_string(
        "returns/_contract_panel.html",
        {"returns": returns, "charts": outputs_over_time(returns)},
        request=request,
    )


def project_returns_panel(*, request, project) -> str:
    """A commissioning project's Review stage: what its contracts' returns show."""
    if project.stage != "review":
        return ""
    rows = selectors.project_returns(
        user=request.user, project_id=project.pk, today=timezone.localdate()
    )
    return render_to_string("returns/_project_panel.html", {"rows": rows}, request=request)
