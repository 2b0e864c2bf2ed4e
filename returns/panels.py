"""The "Outcome returns" section of a contract's page (registered with commissioning.hooks): its
returns and a chart of each output over time, for whoever may see them."""

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
