"""`manage.py seed_demo`: demo users, providers and each app's demo data. Idempotent."""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, DEMO_USERS, seed_users
from providers.demo import seed_providers


class Command(BaseCommand):
    help = "Load demo data for local use (users share the password 'opcc-demo'). Safe to run twice."

    def handle(self, *args, **options):
        with transaction.atomic():
            users = seed_users()
            organisations = seed_providers(users)
            for seeder in _app_seeders():
                seeder(users=users, organisations=organisations)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}' for all):")
        for username, _first, _last, _title, role in DEMO_USERS:
            self.stdout.write(f"  {username:<13} {role.label}")


def _app_seeders() -> list:
    """Each domain app may ship `<app>.demo.seed(users=..., organisations=...)`."""
    import importlib

    seeders = []
    for app in ("approvals", "grants", "commissioning"):  # in layer order
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        seeders.append(module.seed)
    return seeders
