"""National-scale seeding (`manage.py seed_scale`): the registry of each app's scale seeder, the plan
they share, bulk inserts, and the guard that keeps it off anything but a throwaway database.

An app adds its records by shipping `<app>/scale.py` with
    SIZES = {"grants": 50_000}          # default sizes, each becomes a --grants option
    def seed(plan: ScalePlan) -> None:  # bulk-writes its records, reads what lower apps left
Seeders run in INSTALLED_APPS order (lowest layer first) and leave what higher apps need in
`plan.made` (e.g. `plan.made["organisation_ids"]`).
"""

from __future__ import annotations

import importlib
import random
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError

THROWAWAY_SETTINGS = ("config.settings.local", "config.settings.test")
REFUSED = (
    "seed_scale writes tens of thousands of made-up records: it runs only with local or test "
    "settings (DJANGO_SETTINGS_MODULE=config.settings.local), never against a real database."
)
BATCH_SIZE = 2000


def require_throwaway_settings() -> None:
    """Refuse unless the settings are the local or test ones."""
    if settings.SETTINGS_MODULE not in THROWAWAY_SETTINGS:
        raise CommandError(REFUSED)


@dataclass
class ScalePlan:
    """What every seeder shares: the sizes asked for, one seeded random generator, the demo users,
    today's date, and the ids each seeder made for the seeders above it."""

    sizes: dict[str, int]
    rng: random.Random
    users: dict
    today: date
    made: dict = field(default_factory=dict)
    log: Callable[[str], None] = print
    _started: float = field(default_factory=time.monotonic)

    def note(self, message: str) -> None:
        self.log(f"[{time.monotonic() - self._started:6.1f} s] {message}")


def scale_modules() -> list[ModuleType]:
    """Every installed app's `scale` module, in INSTALLED_APPS (layer) order."""
    found = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.scale")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.scale":
                raise
            continue
        if hasattr(module, "seed"):  # core.scale itself is the registry, not a seeder
            found.append(module)
    return found


def default_sizes() -> dict[str, int]:
    sizes: dict[str, int] = {}
    for module in scale_modules():
        sizes.update(getattr(module, "SIZES", {}))
    return sizes


def bulk_insert(model, objects: Iterable, *, batch_size: int = BATCH_SIZE) -> list:
    """Insert many rows; returns them with their primary keys (PostgreSQL and SQLite both give them)."""
    objects = list(objects)
    return model.objects.bulk_create(objects, batch_size=batch_size)


@contextmanager
def own_timestamps(model, *names: str):
    """Let a bulk insert write its own created_at (a realistic spread of dates) instead of now."""
    fields = [model._meta.get_field(name) for name in names]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
