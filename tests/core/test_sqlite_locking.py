"""On SQLite, two concurrent writes both finish (config.settings.database.sqlite_waits_for_its_lock).

A file-based SQLite database of its own (the suite's is in memory), opened through Django with the
same options the settings give the real one, written by two threads at once.
"""

import threading
import time

import dj_database_url
import pytest
from django.db import connections, transaction

from config.settings.database import sqlite_waits_for_its_lock

ALIAS = "sqlite_race"


@pytest.fixture
def race_database(tmp_path, django_db_blocker):
    database = dj_database_url.parse(f"sqlite:///{tmp_path / 'race.sqlite3'}")
    connections.settings[ALIAS] = connections.configure_settings(
        {"default": connections.settings["default"], ALIAS: sqlite_waits_for_its_lock(database)}
    )[ALIAS]
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
            cursor.execute("INSERT INTO counter (id, n) VALUES (1, 0)")
        connections[ALIAS].close()
        yield ALIAS
    connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def read_then_write(alias: str, hold: float, errors: list) -> None:
    """The shape of most services: read, decide, write, in one transaction."""
    try:
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute("SELECT n FROM counter WHERE id = 1")
            (n,) = cursor.fetchone()
            time.sleep(hold)
            cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
    except Exception as exc:  # collected: the assertion below names it
        errors.append(exc)
    finally:
        connections[alias].close()


def run_two_writers(alias: str) -> list:
    errors: list = []
    first = threading.Thread(target=read_then_write, args=(alias, 0.4, errors))
    second = threading.Thread(target=read_then_write, args=(alias, 0.0, errors))
    first.start()
    time.sleep(0.1)  # the first is inside its transaction
    second.start()
    first.join(30)
    second.join(30)
    return errors


def counter(alias: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT n FROM counter WHERE id = 1")
        value = cursor.fetchone()[0]
    connections[alias].close()
    return value


def test_settings_make_sqlite_wait_for_its_lock(race_database):
    options = connections[race_database].settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


def test_two_concurrent_writes_both_finish_and_neither_is_lost(race_database):
    assert run_two_writers(race_database) == []
    assert counter(race_database) == 2


def test_without_immediate_transactions_one_write_fails(race_database):
    """The failure the settings prevent, shown on the same database: a deferred transaction that
    read first cannot take the write lock, and SQLite refuses at once ("database is locked")."""
    connections.settings[race_database]["OPTIONS"]["transaction_mode"] = "DEFERRED"
    errors = run_two_writers(race_database)
    assert len(errors) == 1
    assert "database is locked" in str(errors[0])
    assert counter(race_database) == 1


def test_postgresql_settings_are_left_alone():
    database = dj_database_url.parse("postgres://opcc@db.internal:5432/opcc")
    assert "transaction_mode" not in sqlite_waits_for_its_lock(database).get("OPTIONS", {})
