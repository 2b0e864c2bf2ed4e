"""Sessions in the database, as django.contrib.sessions.backends.db, read with one plain query.

Every signed-in page loads its session first. Django's store reads it through the ORM
(`Session.objects.get(...)`), building and compiling the same query on each request; this store
runs that SELECT as written SQL instead and keeps everything else (writes, expiry, clearing,
`clearsessions`) as Django does it. SESSION_ENGINE = "accounts.session_store".
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def load(self) -> dict:
        model = self.model
        alias = router.db_for_read(model)
        connection = connections[alias]
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                # The table name is the model's own, quoted; the values are parameters.
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608
                [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django: an unknown or expired key is not reused
            return {}
        return self.decode(row[0])
