"""The explicit registry through which apps above approvals act on a decision notice.

approvals sits below grants and commissioning, so it never imports them; they register here instead,
from their AppConfig.ready():

Signing handlers: `register_signing_handler(fn)`. `services.sign_decision_notice` calls every handler
as `fn(notice=..., signed_by=...)` after the notice is numbered, saved and its transition recorded,
INSIDE the same `transaction.atomic` and while the notice row and the year's number sequence are
locked. So a handler's writes (e.g. grants approving the grants this notice releases) commit together
with the signature, and a handler that raises rolls everything back: the notice stays a draft, no
number is consumed, no audit entry remains. A handler refuses a signature with a message for the
user by raising `approvals.errors.DecisionNoticeError` (or Django's ValidationError); any other
exception is a bug and propagates. Handlers run in registration order, must be quick (they hold the
year's numbering lock) and must not send e-mail directly: use `transaction.on_commit` for that.

Signing checks: `register_signing_check(fn)`; `fn(notice=..., user=...)` returns the reasons (for
people) why `user` may not sign `notice` now, e.g. "Grant G-0042 has changed since this notice was
drafted" or "You created grant G-0042". `permissions.can_sign_decision_notice` asks every check, so
the notice page says why and the signing service refuses under the notice's row lock. `user` may be
None: then only the facts are checked, not who is asking.

Withdrawal handlers: `register_withdrawal_handler(fn)`; `services.withdraw_decision_notice` calls
`fn(notice=..., withdrawn_by=...)` inside its transaction, so the items the notice decided go back
to their drafts (and release what they held) together with the withdrawal.

Related items: `register_related_items(fn)`; notice pages call `fn(notice=...)` and show the
returned `RelatedItem`s (e.g. "Grant G-0042 to Youth Horizons Trust"), so a notice can list the
grants it releases without approvals knowing what a grant is. `url` is for office staff; the public
page shows only the label and the public_url, if any.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

SigningHandler = Callable[..., object]


@dataclass(frozen=True)
class RelatedItem:
    label: str
    url: str = ""
    public_url: str = ""
    kind: str = ""


RelatedItemsProvider = Callable[..., Iterable[RelatedItem]]

SigningCheck = Callable[..., Iterable[str]]

_signing_handlers: list[SigningHandler] = []
_signing_checks: list[SigningCheck] = []
_withdrawal_handlers: list[SigningHandler] = []
_related_items_providers: list[RelatedItemsProvider] = []


def _register(registry: list, fn):
    if fn not in registry:
        registry.append(fn)
    return fn


def register_signing_check(fn: SigningCheck) -> SigningCheck:
    """`fn(notice=..., user=...)` -> reasons signing is refused now; idempotent, usable as @."""
    return _register(_signing_checks, fn)


def signing_blockers(*, notice, user=None) -> list[str]:
    reasons: list[str] = []
    for check in tuple(_signing_checks):
        reasons.extend(check(notice=notice, user=user))
    return reasons


def register_withdrawal_handler(fn: SigningHandler) -> SigningHandler:
    """Call `fn(notice=..., withdrawn_by=...)` whenever a notice is withdrawn; idempotent."""
    return _register(_withdrawal_handlers, fn)


def run_withdrawal_handlers(*, notice, withdrawn_by) -> None:
    for handler in tuple(_withdrawal_handlers):
        handler(notice=notice, withdrawn_by=withdrawn_by)


def register_signing_handler(fn: SigningHandler) -> SigningHandler:
    """Call `fn(notice=..., signed_by=...)` whenever a notice is signed; idempotent, usable as @."""
    return _register(_signing_handlers, fn)


def unregister_signing_handler(fn: SigningHandler) -> None:
    if fn in _signing_handlers:
        _signing_handlers.remove(fn)


def signing_handlers() -> tuple[SigningHandler, ...]:
    return tuple(_signing_handlers)


def run_signing_handlers(*, notice, signed_by) -> None:
    """Called by the signing service inside its transaction (see the module docstring)."""
    for handler in signing_handlers():
        handler(notice=notice, signed_by=signed_by)


def register_related_items(fn: RelatedItemsProvider) -> RelatedItemsProvider:
    return _register(_related_items_providers, fn)


def unregister_related_items(fn: RelatedItemsProvider) -> None:
    if fn in _related_items_providers:
        _related_items_providers.remove(fn)


def related_items(*, notice) -> list[RelatedItem]:
    items: list[RelatedItem] = []
    for provider in tuple(_related_items_providers):
        items.extend(provider(notice=notice))
    return items
