"""Running a django-fsm transition the one way: permission, conditions, save and audit together.

Callers (domain services) hold the transaction and the row lock; this checks the transition's
`permission=` and `conditions=` with a reason people can read, applies it, saves, and records it.
`perform_transitions` does the same for many objects in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import models
from django.utils import timezone
from django_fsm import can_proceed

from .events import record_events, record_transition, transition_entry


class TransitionRefused(Exception):
    """The user may not make this change, or its conditions do not hold (message is for people).

    `index` says which of several objects it concerns (perform_transitions).
    """

    def __init__(self, message: str, *, index: int | None = None):
        super().__init__(message)
        self.index = index


def perform_transition(
    obj: models.Model,
    transition: str,
    *,
    actor,
    event: str,
    field: str = "state",
    message: str = "",
    refusal: str = "",
    check_permission: bool = True,
    **kwargs,
):
    """Apply `obj.<transition>(**kwargs)` for `actor`; raise TransitionRefused with a clear reason.

    Each condition's docstring is its refusal message ("The decision notice is not signed yet.").
    """
    check_transition(
        obj,
        transition,
        actor=actor,
        field=field,
        refusal=refusal,
        check_permission=check_permission,
    )
    source = getattr(obj, field)
    getattr(obj, transition)(**kwargs)
    obj.save()
    record_transition(event, actor=actor, target=obj, field=field, source=source, message=message)
    return obj


def perform_transitions(
    objs: Sequence[models.Model],
    transition: str,
    *,
    actor,
    event: str,
    field: str = "state",
    message: str = "",
    check_permission: bool = True,
    also_update: Sequence[str] = (),
    **kwargs,
) -> list[models.Model]:
    """Apply one transition to many objects of one model: check every object in memory first
    (nothing changes unless all may move), then one `bulk_update` and one insert of audit entries.

    The caller holds the transaction and the row locks, and loads what the permission and the
    conditions read (select_related / prefetch_related) so the count of queries stays fixed.
    A refusal names the object in `TransitionRefused.index`. `also_update`: other fields the
    transition method sets.
    """
    objs = list(objs)
    for index, obj in enumerate(objs):
        try:
            check_transition(
                obj, transition, actor=actor, field=field, check_permission=check_permission
            )
        except TransitionRefused as exc:
            exc.index = index
            raise
    if not objs:
        return objs
    model = type(objs[0])
    fields = [field, *also_update]
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        now = timezone.now()
        for obj in objs:
            obj.updated_at = now
        fields.append("updated_at")
    entries = []
    for obj in objs:
        source = getattr(obj, field)
        getattr(obj, transition)(**kwargs)
        entries.append(
            transition_entry(
                event, actor=actor, target=obj, field=field, source=source, message=message
            )
        )
    model._base_manager.bulk_update(objs, fields)
    record_events(entries)
    return objs


def check_transition(
    obj: models.Model,
    transition: str,
    *,
    actor,
    field: str = "state",
    refusal: str = "",
    check_permission: bool = True,
) -> None:
    """Raise TransitionRefused unless `actor` may make this transition now (nothing is changed)."""
    method = getattr(obj, transition)
    source = getattr(obj, field)
    if not can_proceed(method, check_conditions=False):
        raise TransitionRefused(
            refusal or f"This cannot be done while it is {obj_state_label(obj, field)}."
        )
    transition_meta = _transition(method, source)
    if check_permission and not transition_meta.has_perm(obj, actor):
        predicate = getattr(transition_meta.permission, "predicate", None)
        reason = predicate(actor, obj)[1] if predicate else ""
        raise TransitionRefused(refusal or reason or "Your role does not allow this.")
    unmet = [
        (getattr(condition, "__doc__", None) or condition.__name__).strip()
        for condition in transition_meta.conditions
        if not condition(obj)
    ]
    if unmet:
        raise TransitionRefused(" ".join(unmet))


def obj_state_label(obj: models.Model, field: str = "state") -> str:
    display = getattr(obj, f"get_{field}_display", None)
    return str(display()).lower() if display else str(getattr(obj, field))


def _transition(bound_method, state):
    return bound_method._django_fsm.get_transition(state)


def fsm_permission(predicate: Callable[[object, models.Model], tuple[bool, str]]):
    """Adapt a `can_<verb>_<noun>(user, obj) -> (allowed, reason)` predicate for `permission=`.

    django-fsm wants `(instance, user) -> bool`; the reason stays reachable for the refusal message.
    """

    def check(instance, user) -> bool:
        return bool(user and user.is_authenticated and predicate(user, instance)[0])

    check.predicate = predicate
    return check


def may_attempt(obj: models.Model, transition: str, user, *, field: str = "state") -> bool:
    """The transition exists from the current state and the user's role allows it.

    Unlike django-fsm's has_transition_perm this ignores conditions, so a page can offer the
    action and, if a condition fails, say why instead of hiding the button.
    """
    meta = _transition(getattr(obj, transition), getattr(obj, field))
    return meta is not None and meta.has_perm(obj, user)
