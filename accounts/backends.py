"""The sign-in backend: Django's ModelBackend, except that the signed-in user of each request is
read with their roles and with any figure an app registers for every page (the header's unread
notification count) in one query, instead of one query each.

Apps above accounts register their figures from AppConfig.ready with `register_user_figure`, so
this module never imports them. A figure is read once, when the request's user is loaded.

The query is built with the ORM once per database and then run as raw SQL with the user's id:
compiling eight subqueries on every request would cost more than the queries it saves.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import Exists, Expression, OuterRef

from .roles import Role, group_name

_figures: dict[str, Callable[[], Expression]] = {}
_compiled: dict[str, tuple[str, tuple]] = {}
_ANY_ID = -7_654_321  # stands for the user's id while the query is compiled


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


def _user_query(alias: str) -> tuple[str, tuple]:
    """The SQL (and its parameters but the last, the user's id) of the user with their roles and
    figures, compiled once for the database `alias`."""
    if alias not in _compiled:
        users = (
            get_user_model()
            ._default_manager.db_manager(alias)
            .annotate(**_role_flags(), **{name: make() for name, make in _figures.items()})
            .filter(pk=_ANY_ID)
            .order_by()
        )
        sql, params = users.query.get_compiler(alias).as_sql()
        if not params or params[-1] != _ANY_ID:  # the id must be the last parameter
            raise RuntimeError("The request user's query has changed shape: see accounts.backends")
        _compiled[alias] = (sql, tuple(params[:-1]))
    return _compiled[alias]


class RequestUserBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        alias = router.db_for_read(model)
        sql, params = _user_query(alias)
        found = list(model._default_manager.db_manager(alias).raw(sql, [*params, user_id]))
        if not found:
            return None
        user = found[0]
        # Fills User.role_set (a cached property) so has_role() needs no query of its own.
        user.__dict__["role_set"] = frozenset(
            role.value for role in Role if getattr(user, f"_has_role_{role.value}")
        )
        return user if self.user_can_authenticate(user) else None
