"""Settings shared by every mode, read from the environment with embedded local defaults.

With nothing set: SQLite in the project folder and Celery on kombu's filesystem broker under var/.
With DATABASE_URL / REDIS_URL set: PostgreSQL and Redis, as in production.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from .database import postgres_prepares_statements, sqlite_waits_for_its_lock
from .environment import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
NODE_MODULES = BASE_DIR / "node_modules"


SECRET_KEY = os.environ.get("SECRET_KEY", "local-only-insecure-key-not-for-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core.admin_site.OfficeAdminConfig",  # django.contrib.admin with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_fsm",
    "auditlog",
    "import_export",
    "axes",
    # Ours, base layer first (../shared/CONVENTIONS.md).
    "core",
    "accounts",
    "audit",
    "providers",
    "approvals",
    "notifications",
    "documents",
    "grants",
    "commissioning",
    "returns",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "accounts.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "audit.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.middleware.DatabaseBusyMiddleware",
]

# Content-Security-Policy (core.middleware): scripts only from here or inline with this request's
# nonce ({{ request.csp_nonce }}); no 'unsafe-inline' or eval for scripts. Style attributes are
# allowed (the budget bars' widths), <style> elements need the nonce.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self' 'nonce-{nonce}'",
    "style-src": "'self' 'nonce-{nonce}'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

# Sessions (accounts.sessions): office staff are signed out after 30 idle minutes, everyone else
# after two idle hours, and nobody stays signed in more than 12 hours after signing in.
SESSION_IDLE_TIMEOUT_STAFF = 30 * 60
SESSION_IDLE_TIMEOUT = 2 * 60 * 60
SESSION_ABSOLUTE_LIFETIME = 12 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME
SESSION_ENGINE = "accounts.session_store"  # the database, read with one plain query

# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR networks, comma-separated):
# accounts.client_address. Empty: the connecting address is the client, whatever headers say.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

ROOT_URLCONF = "config.urls"

# Each process keeps its own cache of rendered fragments, keyed on versions of their data
# (docs/how-to/cache-a-page-fragment.md). Django's default holds 300 entries, fewer than the
# per-user and per-organisation fragments of a busy office; this bounds memory at a few thousand.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 3000},
    }
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dashboards.navigation.navigation",
                "notifications.context_processors.notifications",
                "core.context_processors.office",
            ],
            "builtins": ["core.templatetags.govuk"],
        },
    }
]

WSGI_APPLICATION = "config.wsgi.application"


DATABASES = {
    "default": postgres_prepares_statements(
        sqlite_waits_for_its_lock(
            dj_database_url.config(
                default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
                conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
                conn_health_checks=True,
            )
        )
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading each request's user with their roles in one query.
    "accounts.backends.RequestUserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed-login throttling (accounts.lockout; the policy is in docs/deploy.md). Each counter locks
# what it counts for 15 minutes once it reaches its limit: an account from one address (a user's
# typos), one address across all accounts (password spraying), one account from all addresses
# (a distributed guess; set above what one address may try, so no single address can lock anyone out).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
LOGIN_THROTTLE = [
    (("username", "ip_address"), AXES_FAILURE_LIMIT),
    (("ip_address",), int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_ADDRESS", "20"))),
    (("username",), int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_ACCOUNT", "30"))),
]
AXES_LOCKOUT_PARAMETERS = [list(parameters) for parameters, _limit in LOGIN_THROTTLE]
AXES_HANDLER = "accounts.lockout.LoginThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "accounts.client_address.client_address"
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
# Attempts refused during a lockout are not counted again (they would feed the per-account count).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"]

# The office this deployment serves: the header, the footer pages and the notices name it.
OFFICE_NAME = os.environ.get("OFFICE_NAME", "Office of the Police and Crime Commissioner")
OFFICE_AREA = os.environ.get("OFFICE_AREA", "Cambridgeshire and Peterborough")
# Where people report an accessibility problem or ask about their data (footer pages).
OFFICE_EMAIL = os.environ.get("OFFICE_EMAIL", "enquiries@opcc.example")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Design systems come from npm packages at build time (package.json), never a CDN.
# static/build/app.css is compiled from their Sass by `npm run build:css` (make install, Dockerfile).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("moj", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

# Uploaded documents (documents/): private, never under a served folder, read back only through
# documents:download. A folder under var/ (a named volume in docker compose) unless
# DOCUMENTS_STORAGE=s3 picks an S3-compatible bucket through django-storages (credentials from
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, as boto3 reads them).
DOCUMENTS_ROOT = Path(os.environ.get("DOCUMENTS_ROOT", VAR_DIR / "documents"))
if os.environ.get("DOCUMENTS_STORAGE", "filesystem").strip().lower() == "s3":
    if not os.environ.get("DOCUMENTS_BUCKET"):
        raise ImproperlyConfigured("DOCUMENTS_STORAGE=s3 needs DOCUMENTS_BUCKET (the bucket name).")
    DOCUMENTS_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("DOCUMENTS_BUCKET", ""),
            "endpoint_url": os.environ.get("DOCUMENTS_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DOCUMENTS_REGION") or None,
            "location": os.environ.get("DOCUMENTS_PREFIX", "documents"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    DOCUMENTS_STORAGE = {
        "BACKEND": "documents.storage.PrivateFileSystemStorage",
        "OPTIONS": {
            "location": DOCUMENTS_ROOT,
            "file_permissions_mode": 0o640,
            "directory_permissions_mode": 0o750,
        },
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": DOCUMENTS_STORAGE,
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "commissioning@opcc.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A forgotten-password link works once and for two hours (Django's default is three days).
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport (no server to install).
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_DIR = Path(os.environ.get("CELERY_BROKER_DIR", VAR_DIR / "celery-broker"))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# One beat, scheduling in UTC; tasks themselves work in Europe/London dates.
CELERY_ENABLE_UTC = True
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "core.tasks.record_worker_heartbeat", "schedule": 60.0},
    # Picks up e-mails whose broker hand-over failed, retries whose backoff has passed, and rows a
    # killed worker left pending.
    "deliver-pending-notifications": {
        "task": "notifications.tasks.deliver_pending_notifications",
        "schedule": 60.0,
    },
    # Contracts whose current end has passed become "ended" (idempotent; hourly so a missed run
    # is caught up within the hour).
    "end-expired-contracts": {
        "task": "commissioning.tasks.end_expired_contracts",
        "schedule": 3600.0,
    },
}
# The daily review-cycle sweeps (one task per reminder rule), each date-driven and idempotent, so
# a late or doubled run is harmless. 05:30 UTC is after midnight in London all year.
# SWEEP_INTERVAL_SECONDS (local demo only) runs them every so many seconds instead.
DAILY_SWEEPS = [
    "returns.tasks.remind_returns_due",
    "returns.tasks.tell_returns_overdue",
    "returns.tasks.escalate_overdue_returns_to_officer",
    "returns.tasks.escalate_overdue_returns_to_manager",
    "commissioning.tasks.remind_option_deadlines",
    "commissioning.tasks.tell_lapsed_options",
    "commissioning.tasks.alert_recommissioning",
    "commissioning.tasks.remind_meetings_due",
    "commissioning.tasks.tell_overdue_meeting_actions",
    "commissioning.tasks.tell_overdue_procurement_notices",
    "approvals.tasks.chase_approvers",
    "approvals.tasks.escalate_waiting_approvals",
    "grants.tasks.alert_streams_over_committed",
]
# Approval follow-ups (contract work after an approved STA or extension) a broker outage lost.
CELERY_BEAT_SCHEDULE["catch-up-approvals"] = {
    "task": "commissioning.tasks.catch_up_approvals",
    "schedule": 600.0,
}
SWEEP_INTERVAL_SECONDS = float(os.environ.get("SWEEP_INTERVAL_SECONDS", "0") or 0)
CELERY_BEAT_SCHEDULE.update(
    {
        task.replace(".tasks.", "-").replace("_", "-"): {
            "task": task,
            "schedule": SWEEP_INTERVAL_SECONDS or crontab(hour=5, minute=30),
        }
        for task in DAILY_SWEEPS
    }
)
# E-mail delivery: attempts before a notification is marked failed, and the first retry's delay
# (doubling each time).
NOTIFICATION_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATION_MAX_ATTEMPTS", "5"))
NOTIFICATION_RETRY_SECONDS = int(os.environ.get("NOTIFICATION_RETRY_SECONDS", "60"))
# The service's own address, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Its own escaping only strips a leading "="; core.spreadsheets neutralises every risky cell instead.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False

# Every spreadsheet import's limits, in one place (read by core.imports.limits_for): the file's
# size, the rows it may hold and what an XLSX may unpack to. Anything larger is refused before it
# is read in full, with a message naming the limit.
SPREADSHEET_IMPORT_LIMITS = {
    "bulk_awards": {"max_bytes": 2 * 1024 * 1024, "max_rows": 500},
    "providers": {"max_bytes": 2 * 1024 * 1024, "max_rows": 2000},
}
# Uploads checked but never confirmed are deleted after this many hours.
SPREADSHEET_IMPORT_LIFETIME_HOURS = 24

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

PAGE_SIZE = 25
