"""What the settings add to the database configuration dj-database-url reads: SQLite waits for its
write lock, PostgreSQL prepares repeated statements."""

from __future__ import annotations

from .environment import env_bool


def sqlite_waits_for_its_lock(database: dict) -> dict:
    """On SQLite, a writer waits up to 20 s for the lock instead of failing "database is locked".

    Each transaction takes the write lock when it begins (IMMEDIATE), so two read-then-write
    transactions queue instead of deadlocking (SQLite answers that deadlock at once, whatever the
    timeout); WAL lets pages be read while someone writes. PostgreSQL is left as it is.
    """
    if database.get("ENGINE") == "django.db.backends.sqlite3":
        options = database.setdefault("OPTIONS", {})
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", 20)
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
    return database


def postgres_prepares_statements(database: dict) -> dict:
    """On PostgreSQL, parameters are bound on the server and psycopg prepares a statement once a
    connection has run it twice, so PostgreSQL stops planning it again on every request.

    A page's queries are the same few statements on every request (the session, the user with
    their roles, the page's data versions); planning them took 0.6-1.7 ms each at national scale,
    more than running them. Django turns both off by default for connection poolers in
    transaction mode (PgBouncer before 1.21): set DATABASE_PREPARED_STATEMENTS=false behind one.
    """
    wanted = env_bool("DATABASE_PREPARED_STATEMENTS", True)
    if database.get("ENGINE", "").startswith("django.db.backends.postgresql") and wanted:
        options = database.setdefault("OPTIONS", {})
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", 2)
    return database
