"""Test settings: fast hashing, in-memory mail, same database/broker choice as base (env decides)."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
ALLOWED_HOSTS = ["*"]
AXES_FAILURE_LIMIT = 5

if CELERY_BROKER_URL == "filesystem://":
    # Each test process gets its own broker folder so parallel runs never share a queue.
    _broker = Path(tempfile.mkdtemp(prefix=f"opcc-broker-{os.getpid()}-"))
    atexit.register(shutil.rmtree, _broker, ignore_errors=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker / "queue"),
        "data_folder_out": str(_broker / "queue"),
        "processed_folder": str(_broker / "processed"),
        "control_folder": str(_broker / "control"),
        "store_processed": False,
    }

# Test processes (pytest-xdist workers, and two runs at once) never take each other's tasks on a
# shared Redis: one queue per run and worker.
_RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getpid()))[:12]
CELERY_TASK_DEFAULT_QUEUE = f"opcc-test-{_RUN}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"

# Threads in tests (live server, Celery worker, concurrency tests) must not keep connections open
# past their work, or PostgreSQL cannot drop the test database at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
