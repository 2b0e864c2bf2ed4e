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

_signing_handlers: list[SigningHandler] = []
_related_items_providers: list[RelatedItemsProvider] = []


def register_signing_handler(fn: SigningHandler) -> SigningHandler:
    """Call `fn(notice=..., signed_by=...)` whenever a notice is signed; idempotent, usable as @."""
    if fn not in _signing_handlers:
        _signing_handlers.append(fn)
    return fn


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
    if fn not in _related_items_providers:
        _related_items_providers.append(fn)
    return fn


def unregister_related_items(fn: RelatedItemsProvider) -> None:
    if fn in _related_items_providers:
        _related_items_providers.remove(fn)


def related_items(*, notice) -> list[RelatedItem]:
    items: list[RelatedItem] = []
    for provider in tuple(_related_items_providers):
        items.extend(provider(notice=notice))
    return items
