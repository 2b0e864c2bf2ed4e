"""The registries through which apps above commissioning add a section to a contract's page or
to a commissioning project's page.

commissioning never imports the apps above it (returns, dashboards); they register here from their
AppConfig.ready(): `register_contract_panel(fn)`, where `fn(request=..., contract=...)` returns
the HTML of its section (already rendered and escaped, e.g. by `render_to_string`) or "" to show
nothing. The contract page renders every panel, in registration order, with
`{% contract_panels contract_row %}` (commissioning/templatetags/contract_panels.py); the contract
it passes holds only the row's id, state, provider_id and award_id (the page reads the whole
contract only when its cached part has expired), so a panel reads anything else itself.
A project's page does the same with `register_project_panel(fn)`, `fn(request=..., project=...)`,
rendered by `{% project_panels project %}` in its Review stage.
"""

from __future__ import annotations

from collections.abc import Callable

ContractPanel = Callable[..., str]

_panels: list[ContractPanel] = []
_project_panels: list[ContractPanel] = []


def register_contract_panel(fn: ContractPanel) -> None:
    if fn not in _panels:
        _panels.append(fn)


def contract_panels(*, request, contract) -> list[str]:
    """Each registered panel's HTML for this contract and user (empty ones left out)."""
    return [html for fn in _panels if (html := fn(request=request, contract=contract))]


def register_project_panel(fn: ContractPanel) -> None:
    if fn not in _project_panels:
        _project_panels.append(fn)


def project_panels(*, request, project) -> list[str]:
    """Each registered panel's HTML for this project and user (empty ones left out)."""
    return [html for fn in _project_panels if (html := fn(request=request, project=project))]
