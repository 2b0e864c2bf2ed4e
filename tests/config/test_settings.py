"""Settings from the environment, checked in fresh processes (settings are read once per process)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Anything a developer or the CI pass may have set that would change what is being tested.
SCRUBBED = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for Playwright in the same test process
    "DEBUG",
    "VAR_DIR",
    "CELERY_BROKER_DIR",
    "SECURE_SSL_REDIRECT",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "PYTEST_XDIST_WORKER",
}

PRINT_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
from config.celery import app
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST", ""),
    "broker": settings.CELERY_BROKER_URL, "app_broker": app.conf.broker_url,
    "transport_options": app.conf.broker_transport_options,
    "debug": settings.DEBUG, "allowed_hosts": settings.ALLOWED_HOSTS,
    "email": [settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT,
              settings.EMAIL_USE_TLS, settings.DEFAULT_FROM_EMAIL],
}))
"""


def run(settings_module: str, args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    clean["DJANGO_SETTINGS_MODULE"] = settings_module
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def settings_of(settings_module: str, **env: str) -> dict:
    result = run(settings_module, ["-c", PRINT_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def real_key() -> str:
    return secrets.token_urlsafe(50)


def test_no_environment_means_sqlite_and_the_filesystem_broker(tmp_path):
    seen = settings_of("config.settings.base", VAR_DIR=str(tmp_path))
    assert seen["engine"] == "django.db.backends.sqlite3"
    assert seen["name"] == str(ROOT / "db.sqlite3")
    assert seen["broker"] == seen["app_broker"] == "filesystem://"
    queue = Path(seen["transport_options"]["data_folder_in"])
    assert queue.is_relative_to(tmp_path)
    # The Celery app creates the broker's folders (a fresh clone has no var/) and keeps its
    # exchange table beside them, not in the working directory.
    assert queue.is_dir()
    assert Path(seen["transport_options"]["control_folder"]).is_relative_to(tmp_path)
    assert seen["debug"] is False
    assert seen["allowed_hosts"] == ["127.0.0.1", "localhost"]


def test_local_settings_turn_debug_on():
    assert settings_of("config.settings.local")["debug"] is True
    assert settings_of("config.settings.local", DEBUG="false")["debug"] is False


def test_database_url_and_redis_url_select_postgresql_and_redis():
    seen = settings_of(
        "config.settings.base",
        DATABASE_URL="postgres://opcc:secret@db.internal:5432/opcc",
        REDIS_URL="redis://cache.internal:6379/2",
    )
    assert seen["engine"] == "django.db.backends.postgresql"
    assert (seen["name"], seen["host"]) == ("opcc", "db.internal")
    assert seen["broker"] == seen["app_broker"] == "redis://cache.internal:6379/2"
    assert "data_folder_in" not in seen["transport_options"]


def test_hosts_debug_and_email_come_from_the_environment():
    seen = settings_of(
        "config.settings.base",
        ALLOWED_HOSTS="a.example, b.example",
        DEBUG="true",
        EMAIL_HOST="smtp.example",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="true",
        DEFAULT_FROM_EMAIL="grants@opcc.example",
    )
    assert seen["allowed_hosts"] == ["a.example", "b.example"]
    assert seen["debug"] is True
    assert seen["email"][1:] == ["smtp.example", 587, True, "grants@opcc.example"]


@pytest.mark.parametrize(
    "key",
    [
        None,
        "too-short",
        "django-insecure-" + "x1y2z3" * 10,
        "local-only-insecure-key-not-for-production" + "abcdefghij",
        "a" * 60,
        "MyCompanySecretKeyForTheOPCCCommissioningApp2024!!",
        "abcdefghijklmnopqrstuvwxyz" * 2,
    ],
    ids=[
        "missing",
        "short",
        "django-insecure",
        "local-default",
        "one-character",
        "a-phrase",
        "a-pattern",
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(key):
    env = {"ALLOWED_HOSTS": "commissioning.opcc.example"}
    if key is not None:
        env["SECRET_KEY"] = key
    result = run("config.settings.production", ["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set SECRET_KEY to a random value of at least 50 characters" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run("config.settings.production", ["manage.py", "check"], SECRET_KEY=real_key())
    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


def test_production_passes_check_deploy_with_no_warnings():
    result = run(
        "config.settings.production",
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=real_key(),
        ALLOWED_HOSTS="commissioning.opcc.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_sends_real_mail_and_never_debugs():
    seen = settings_of(
        "config.settings.production",
        SECRET_KEY=real_key(),
        ALLOWED_HOSTS="commissioning.opcc.example",
        DEBUG="true",
    )
    assert seen["debug"] is False
    assert seen["email"][0] == "django.core.mail.backends.smtp.EmailBackend"


def test_celery_app_defaults_to_production_settings():
    """A worker or beat started without DJANGO_SETTINGS_MODULE must not run with local defaults."""
    clean = {k: v for k, v in os.environ.items() if k not in SCRUBBED | {"DJANGO_SETTINGS_MODULE"}}
    code = "import os, config.celery; print(os.environ['DJANGO_SETTINGS_MODULE'])"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "config.settings.production"


def test_local_runs_name_local_settings_explicitly():
    devstack = (ROOT / "scripts" / "devstack.py").read_text()
    assert 'env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")' in devstack
    assert (
        'setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")'
        in (ROOT / "manage.py").read_text()
    )
