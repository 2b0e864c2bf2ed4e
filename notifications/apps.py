"""Notifications: the notification centre, each user's e-mail preferences per kind, delivering
e-mail, and the record of each periodic sweep's runs.

It knows no domain. Domain apps register the kinds they send (`notifications.kinds.register_kind`)
and create notifications through `notifications.services` (usually from an event subscriber or a
sweep task); every notification is a database row with a unique idempotency key before anything is
sent, so a repeated sweep, a retried task or two beats at once never send anything twice.
"""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from accounts.backends import register_user_figure
        from accounts.roles import Role, register_role_permissions

        from .selectors import unread_count_expression

        # The header's unread count comes with each request's user (no query of its own).
        register_user_figure("unread_notifications_count", unread_count_expression)

        # Reminder lead times and switches are data an administrator edits.
        register_role_permissions(
            Role.ADMINISTRATOR,
            [f"notifications.{verb}_reminderrule" for verb in ("view", "add", "change")],
        )
