"""`manage.py seed_demo`: demo users, providers and each app's demo data. Idempotent.

It creates a superuser with a published password, so it refuses to run unless the settings say
demo data is allowed (local and test settings) or `--throwaway-stack` says this stack is disposable.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, DEMO_USERS, seed_users
from dashboards import reminders_demo
from providers.demo import seed_providers

REFUSAL = (
    "Demo data was not loaded: these settings are not local or test settings, and the demo "
    "users share a public password. On a stack that holds no real data and will be thrown away, "
    "run it again with --throwaway-stack."
)


class Command(BaseCommand):
    help = "Load demo data for local use (users share the password 'opcc-demo'). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--throwaway-stack",
            action="store_true",
            help="Load demo data under other settings too: this stack holds no real data and "
            "will be thrown away (the demo users' password is public).",
        )

    def handle(self, *args, **options):
        if not (getattr(settings, "DEMO_DATA_ALLOWED", False) or options["throwaway_stack"]):
            raise CommandError(REFUSAL)
        with transaction.atomic():
            users = seed_users()
            organisations = seed_providers(users)
            for seeder in _app_seeders():
                seeder(users=users, organisations=organisations)
            reminders_demo.seed(users=users, organisations=organisations)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}' for all):")
        for username, _first, _last, _title, role in DEMO_USERS:
            self.stdout.write(f"  {username:<13} {role.label}")


def _app_seeders() -> list:
    """Each domain app may ship `<app>.demo.seed(users=..., organisations=...)`."""
    import importlib

    seeders = []
    for app in ("approvals", "grants", "commissioning", "returns"):  # in layer order
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        seeders.append(module.seed)
    return seeders
