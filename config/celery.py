"""The Celery application: broker from settings (Redis in production, a filesystem broker locally)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("opcc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
