"""Who may download a document: the owning app's rule, registered per owner model; nobody otherwise.

This app knows no domain, so each owning app says in its AppConfig.ready() who may see the
documents attached to its objects:

    register_owner(Grant, can_view=lambda user, grant: can_view_grant(user, grant)[0])

A document whose owner has no registered rule, or no longer exists, is downloadable by nobody.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

ViewRule = Callable[[object, models.Model], bool]


@dataclass(frozen=True)
class OwnerRule:
    model: type[models.Model]
    can_view: ViewRule


_rules: dict[str, OwnerRule] = {}


def owner_label(owner: models.Model | type[models.Model]) -> str:
    """ "app_label.modelname", the key documents use for their owner's kind."""
    return owner._meta.label_lower


def register_owner(model: type[models.Model], *, can_view: ViewRule) -> None:
    """Let `can_view(user, owner) -> bool` decide who may download `model`'s documents."""
    if not callable(can_view):
        raise TypeError("can_view must be callable as can_view(user, owner)")
    _rules[owner_label(model)] = OwnerRule(model=model, can_view=can_view)


def unregister_owner(model: type[models.Model]) -> None:
    _rules.pop(owner_label(model), None)


@contextmanager
def owner_rule(model: type[models.Model], *, can_view: ViewRule) -> Iterator[None]:
    """Register a rule for the duration of a block (tests); puts back any rule it replaced."""
    label = owner_label(model)
    previous = _rules.get(label)
    register_owner(model, can_view=can_view)
    try:
        yield
    finally:
        if previous is None:
            _rules.pop(label, None)
        else:
            _rules[label] = previous


def is_registered(owner: models.Model | type[models.Model]) -> bool:
    return owner_label(owner) in _rules


def owner_of(document) -> models.Model | None:
    """The object that owns `document`, or None when its kind is unknown or it is gone."""
    rule = _rules.get(document.owner_type)
    if rule is None:
        return None
    try:
        model = apps.get_model(document.owner_type)
    except (LookupError, ValueError):
        return None
    try:
        return model._default_manager.filter(pk=document.owner_id).first()
    except (ValueError, ValidationError):
        return None


def can_download_document(user, document) -> bool:
    """Signed in, and the owner's registered rule says this user may see the owner."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    rule = _rules.get(document.owner_type)
    owner = owner_of(document)
    if rule is None or owner is None:
        return False
    return bool(rule.can_view(user, owner))
