"""The registry through which apps above commissioning add a section to a contract's page.

commissioning never imports the apps above it (returns, dashboards); they register here from their
AppConfig.ready(): `register_contract_panel(fn)`, where `fn(request=..., contract=...)` returns
the HTML of its section (already rendered and escaped, e.g. by `render_to_string`) or "" to show
nothing. The contract page renders every panel, in registration order, with
`{% contract_panels contract %}` (commissioning/templatetags/contract_panels.py).
"""

from __future__ import annotations

from collections.abc import Callable

ContractPanel = Callable[..., str]

_panels: list[ContractPanel] = []


def register_contract_panel(fn: ContractPanel) -> None:
    if fn not in _panels:
        _panels.append(fn)


def contract_panels(*, request, contract) -> list[str]:
    """Each registered panel's HTML for this contract and user (empty ones left out)."""
    return [html for fn in _panels if (html := fn(request=request, contract=contract))]
