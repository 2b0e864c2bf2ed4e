"""Accounts: the custom User model, the roles (as groups) and login safety."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from audit.events import track

        from . import sessions  # noqa: F401  (connects the sign-in stamp)
        from .models import User
        from .roles import sync_role_groups

        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")
        # Who gains or loses a role (group) or admin rights is in the audit trail; never passwords.
        track(
            User,
            exclude=["password", "last_login", "date_joined", "user_permissions"],
            m2m_fields={"groups"},
        )
