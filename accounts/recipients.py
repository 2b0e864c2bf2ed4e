"""Who receives a message by role or by line: user ids for sweeps and subscribers, in one query
each, only active users."""

from __future__ import annotations

from collections.abc import Iterable

from .models import User
from .roles import Role, group_name


def users_by_role(roles: Iterable[str]) -> dict[str, list[int]]:
    """{role value: active user ids} for several roles at once (one query)."""
    wanted = {group_name(Role(role)): str(Role(role)) for role in roles}
    found: dict[str, list[int]] = {role: [] for role in wanted.values()}
    rows = (
        User.objects.filter(is_active=True, groups__name__in=list(wanted))
        .order_by("pk")
        .values_list("groups__name", "pk")
    )
    for name, pk in rows:
        found[wanted[name]].append(pk)
    return found


def line_managers(user_ids: Iterable[int]) -> dict[int, int]:
    """{user id: their line manager's id} for those who have an active one (one query)."""
    return dict(
        User.objects.filter(
            pk__in=list(set(user_ids)), line_manager__isnull=False, line_manager__is_active=True
        ).values_list("pk", "line_manager_id")
    )
