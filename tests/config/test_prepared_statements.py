"""On PostgreSQL the app binds parameters on the server and prepares repeated statements
(config.settings.database.postgres_prepares_statements); SQLite is left alone, and the setting turns
it off for a pooler in transaction mode."""

import re

import pytest

from config.settings.database import postgres_prepares_statements

POSTGRES = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"


@pytest.mark.parametrize(
    ("engine", "setting", "expected"),
    [
        (POSTGRES, None, {"server_side_binding": True, "prepare_threshold": 2}),
        (POSTGRES, "true", {"server_side_binding": True, "prepare_threshold": 2}),
        (POSTGRES, "false", {}),
        (POSTGRES, "0", {}),
        (SQLITE, None, {}),
        (SQLITE, "true", {}),
    ],
)
def test_which_databases_prepare_statements(monkeypatch, engine, setting, expected):
    if setting is None:
        monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    else:
        monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", setting)
    database = postgres_prepares_statements({"ENGINE": engine, "NAME": "x"})
    assert database.get("OPTIONS", {}) == expected


def test_options_set_by_hand_are_kept(monkeypatch):
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    database = {"ENGINE": POSTGRES, "OPTIONS": {"prepare_threshold": 5}}
    assert postgres_prepares_statements(database)["OPTIONS"]["prepare_threshold"] == 5


@pytest.mark.django_db
def test_postgresql_prepares_a_statement_once_it_has_run_twice(postgres):
    from django.db import connection

    from accounts.models import User

    for name in ("nobody", "nobody else", "no one"):  # one statement, other parameters
        User.objects.filter(username=name).exists()  # prepared on its third run
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any(re.search(r'"accounts_user"\."username" = \$\d', text) for text in prepared)
