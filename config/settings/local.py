"""Local development: DEBUG on, embedded defaults (SQLite, filesystem Celery broker)."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)

# `manage.py seed_demo` loads demo users with a public password only where this is True.
DEMO_DATA_ALLOWED = True

# `make run`: the daily review-cycle sweeps every 30 seconds, so reminders reach the demo users'
# notification centres within a minute of starting (they are idempotent: repeats send nothing).
from .base import CELERY_BEAT_SCHEDULE, DAILY_SWEEPS  # noqa: E402

for _entry in CELERY_BEAT_SCHEDULE.values():
    if _entry["task"] in DAILY_SWEEPS:
        _entry["schedule"] = float(os.environ.get("SWEEP_INTERVAL_SECONDS") or 30)
