"""The roles of the brief, held as Django groups, and the model permissions each role is given.

Apps higher up register the permissions their roles need (from their AppConfig.ready), so this base
module never imports them; `sync_role_groups` runs after every migrate and is idempotent.
"""

from collections import defaultdict

from django.db import models


class Role(models.TextChoices):
    OFFICER = "commissioning_officer", "Commissioning officer"
    EVALUATOR = "evaluator", "Evaluator"
    PROVIDER = "provider_user", "Provider user"
    FINANCE = "finance_approver", "Finance approver"
    COMMISSIONER = "commissioner", "Commissioner"
    CHIEF_EXECUTIVE = "chief_executive", "Chief Executive"
    ADMINISTRATOR = "administrator", "Administrator"


# Roles whose members work inside the office (not providers, not external evaluators).
STAFF_ROLES = frozenset(
    {Role.OFFICER, Role.FINANCE, Role.COMMISSIONER, Role.CHIEF_EXECUTIVE, Role.ADMINISTRATOR}
)

_role_permissions: dict[str, set[str]] = defaultdict(set)


def register_role_permissions(role: Role, permissions: list[str]) -> None:
    """Give `role` these model permissions ("app_label.codename"); called from AppConfig.ready."""
    _role_permissions[role].update(permissions)


def group_name(role: Role) -> str:
    return str(Role(role).label)


def sync_role_groups(sender=None, **kwargs) -> None:
    """Create one group per role and set exactly the registered permissions on it."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    # post_migrate fires once per app; permissions of every app exist only by the last one.
    last = [c for c in apps.get_app_configs() if c.models_module is not None][-1]
    if sender is not None and sender != last:
        return
    for role in Role:
        group, _ = Group.objects.get_or_create(name=group_name(role))
        wanted = _role_permissions.get(role, set())
        perms = []
        for dotted in sorted(wanted):
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                perms.append(perm)
        group.permissions.set(perms)
