"""The sign-in backend: Django's ModelBackend, except that the signed-in user of each request is
read with their roles and with any figure an app registers for every page (the header's unread
notification count) in one query, instead of one query each.

Apps above accounts register their figures from AppConfig.ready with `register_user_figure`, so
this module never imports them. A figure is read once, when the request's user is loaded.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, Expression, OuterRef

from .roles import Role, group_name

_figures: dict[str, Callable[[], Expression]] = {}


def register_user_figure(name: str, expression: Callable[[], Expression]) -> None:
    """Read `expression()` (over OuterRef("pk"), the user) with each request's user, as `name`."""
    _figures[name] = expression


def _role_flags() -> dict[str, Exists]:
    through = get_user_model().groups.through
    return {
        f"_has_role_{role.value}": Exists(
            through.objects.filter(user_id=OuterRef("pk"), group__name=group_name(role))
        )
        for role in Role
    }


class RequestUserBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.annotate(
            **_role_flags(), **{name: make() for name, make in _figures.items()}
        )
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        # Fills User.role_set (a cached property) so has_role() needs no query of its own.
        user.__dict__["role_set"] = frozenset(
            role.value for role in Role if getattr(user, f"_has_role_{role.value}")
        )
        return user if self.user_can_authenticate(user) else None
