"""The registry of notification kinds: domain apps register theirs from AppConfig.ready().

A kind says what the notification is about in words a user can choose by ("Outcome return
reminders"), and whether it is an escalation: escalations always go by e-mail, whatever the user's
preferences say.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    escalation: bool = False


_kinds: dict[str, Kind] = {}


def register_kind(key: str, label: str, *, escalation: bool = False) -> Kind:
    """Register (or re-register, idempotently) a kind of notification."""
    if not key or len(key) > 60:
        raise ValueError("A notification kind's key is 1 to 60 characters")
    kind = Kind(key=key, label=label, escalation=escalation)
    existing = _kinds.get(key)
    if existing is not None and existing != kind:
        raise ValueError(f"Notification kind {key!r} is already registered differently")
    _kinds[key] = kind
    return kind


def get_kind(key: str) -> Kind:
    """The registered kind, or a plain one for a key no app registers any more (old rows)."""
    return _kinds.get(key) or Kind(key=key, label=key.replace("_", " ").capitalize())


def all_kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: k.label)


def choosable_kinds() -> list[Kind]:
    """Kinds a user may switch e-mail off for (not escalations)."""
    return [k for k in all_kinds() if not k.escalation]
