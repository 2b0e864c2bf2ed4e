"""Local development: DEBUG on, embedded defaults (SQLite, filesystem Celery broker)."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)

# `manage.py seed_demo` loads demo users with a public password only where this is True.
DEMO_DATA_ALLOWED = True
