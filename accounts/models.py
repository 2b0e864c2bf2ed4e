"""The custom User model (from the first migration) and its role helpers."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models

from .roles import STAFF_ROLES, Role, group_name


class User(AbstractUser):
    """A person who logs in. Roles are groups; a provider user also has a provider membership."""

    job_title = models.CharField(max_length=150, blank=True)
    line_manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        help_text="Who an overdue escalation goes to after this person",
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def role_set(self) -> frozenset[str]:
        """The user's roles, read once per request (one query)."""
        if not self.is_authenticated:
            return frozenset()
        names = set(self.groups.values_list("name", flat=True))
        return frozenset(role.value for role in Role if group_name(role) in names)

    def has_role(self, *roles: Role) -> bool:
        """Roles come from groups only: a superuser administers (Django admin) but holds no
        business role unless given its group explicitly (segregation of duties)."""
        return any(str(role) in self.role_set for role in roles)

    @property
    def is_provider_user(self) -> bool:
        return Role.PROVIDER.value in self.role_set

    @property
    def is_office_staff(self) -> bool:
        return bool(self.role_set & {r.value for r in STAFF_ROLES})

    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in Role if r.value in self.role_set]

    def add_role(self, role: Role) -> None:
        from django.contrib.auth.models import Group

        group, _ = Group.objects.get_or_create(name=group_name(role))
        self.groups.add(group)
        self.__dict__.pop("role_set", None)
