"""`manage.py seed_scale`: the demo data plus a national-scale dataset written in bulk by each app's
scale seeder (core/scale.py), for benchmarks (benchmarks/pages.py). Local and test settings only."""

import random

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from core.scale import ScalePlan, default_sizes, require_throwaway_settings, scale_modules
from providers import scale as providers_scale

ALREADY_SEEDED = (
    "This database already holds {count:,} seeded organisations: seed_scale adds a national-scale dataset "
    "once, to a freshly migrated database (drop and migrate it, then run this again)."
)


class Command(BaseCommand):
    help = "Load the demo data and a national-scale dataset (local and test settings only)."

    def add_arguments(self, parser):
        for name, default in default_sizes().items():
            parser.add_argument(
                f"--{name}", type=int, default=default, help=f"how many (default {default:,})"
            )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (repeatable data)")

    def handle(self, *args, **options):
        require_throwaway_settings()
        sizes = {name: options[name] for name in default_sizes()}
        if any(size < 0 for size in sizes.values()):
            raise CommandError("Sizes must be zero or more.")
        call_command("seed_demo", stdout=self.stdout)
        count = providers_scale.already_seeded()
        if count:
            raise CommandError(ALREADY_SEEDED.format(count=count))
        plan = ScalePlan(
            sizes=sizes,
            rng=random.Random(options["seed"]),
            users={u.username: u for u in User.objects.all()},
            today=timezone.localdate(),
            log=self.stdout.write,
        )
        with transaction.atomic():
            for module in scale_modules():
                module.seed(plan)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # What autovacuum would have done by now: planner statistics and the visibility map
            # (index-only counts), so a benchmark measures the queries, not a cold new database.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            plan.note("vacuumed and analysed")
        # The sizes asked for (a cap, for returns: the counts written are in the lines above).
        plan.note(
            "done; sizes asked for: " + ", ".join(f"{n:,} {name}" for name, n in sizes.items())
        )
