"""The "Outcome returns" sections other pages show (registered with commissioning.hooks): a
contract's returns with a chart of each output over time, and a commissioning project's Review
summary of what its contracts' returns show, for whoever may see them. The contract's section is
kept under the returns' data version (versioning.py), per viewer scope, contract and day."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from . import rules, selectors, versioning
from .cached_pages import scope_key
from .charts import outputs_over_time


def contract_returns_panel(*, request, contract) -> str:
    user, today = request.user, timezone.localdate()

    def render() -> str:
        returns = selectors.award_returns(user=user, contract_id=contract.pk)
        if not returns:
            return ""
        rules.mark(returns, today)
        return render_to_string(
            "returns/_contract_panel.html",
            {"returns": returns, "charts": outputs_over_time(returns)},
        )

    return versioning.cached(
        f"contract-panel:{scope_key(user)}:{contract.pk}:{today}",
        render,
        version=versioning.returns_version(),
    )


def project_returns_panel(*, request, project) -> str:
    """A commissioning project's Review stage: what its contracts' returns show."""
    if project.stage != "review":
        return ""
    rows = selectors.project_returns(
        user=request.user, project_id=project.pk, today=timezone.localdate()
    )
    return render_to_string("returns/_project_panel.html", {"rows": rows}, request=request)
