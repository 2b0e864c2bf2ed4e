"""URLs for tests/core/test_database_busy.py: views that fail the way a lost lock race does."""

import psycopg
from django.db import OperationalError
from django.urls import path

from config.urls import urlpatterns as site


def sqlite_locked(request):
    raise OperationalError("database is locked")


def postgres_serialization(request):
    raise OperationalError("could not serialize access") from psycopg.errors.SerializationFailure()


def postgres_deadlock(request):
    raise OperationalError("deadlock detected") from psycopg.errors.DeadlockDetected()


def disk_full(request):
    raise OperationalError("database or disk is full")


urlpatterns = [
    path("sqlite-locked/", sqlite_locked),
    path("serialization/", postgres_serialization),
    path("deadlock/", postgres_deadlock),
    path("disk-full/", disk_full),
    *site,  # base.html links to the real pages
]
