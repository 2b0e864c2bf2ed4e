"""The registry through which the domain object behind a request acts on its outcome.

approvals sits below commissioning and grants, so it never imports them. A domain app registers,
from its AppConfig.ready, `register_outcome_handler(kind, fn)`; when a request of that kind is
approved, rejected or returned, `engine.services` calls `fn(request=..., decided_by=..., comment=...)`
INSIDE its transaction with the request row locked: the domain's writes commit with the decision,
and a handler that raises ApprovalError rolls the decision back.
"""

from __future__ import annotations

from collections.abc import Callable

OutcomeHandler = Callable[..., object]

_outcome_handlers: dict[str, list[OutcomeHandler]] = {}


def register_outcome_handler(kind: str, fn: OutcomeHandler) -> OutcomeHandler:
    handlers = _outcome_handlers.setdefault(str(kind), [])
    if fn not in handlers:
        handlers.append(fn)
    return fn


def unregister_outcome_handler(kind: str, fn: OutcomeHandler) -> None:
    handlers = _outcome_handlers.get(str(kind), [])
    if fn in handlers:
        handlers.remove(fn)


def run_outcome_handlers(*, request, decided_by, comment: str) -> None:
    for handler in tuple(_outcome_handlers.get(str(request.kind), ())):
        handler(request=request, decided_by=decided_by, comment=comment)
