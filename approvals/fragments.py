"""Cached page fragments for the approvals and commissioning pages (this is the lowest app both
use; the pattern would sit in core for every app): a page reads one cheap version of what it
shows, and its `{% cache fragment_seconds name fragment_key %}` blocks render only when that
version (or the query string, the user's permissions…) changes or CACHE_SECONDS pass.

Forms inside a cached fragment carry `{{ csrf_slot }}` instead of `{% csrf_token %}`: the slot is
an HTML comment no user text can produce (autoescaping turns `<` into `&lt;`), and
`render_with_csrf` puts this request's own token in it, so a fragment never hands one person's
token to another. Context values the fragments read are lazy (SimpleLazyObject), so a hit runs
none of their queries. Pages with errors to show are never cached (`cacheable=False`).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, models
from django.db.models import OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.shortcuts import render
from django.template.backends.utils import csrf_input
from django.utils.safestring import mark_safe

CACHE_SECONDS = 60
CSRF_SLOT = "<!--csrf-slot-->"


def digest(*facts) -> str:
    """A short key for any facts with a stable repr (versions, query strings, flags)."""
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:32]


def fragment_context(*facts, cacheable: bool = True) -> dict:
    """What the template's `{% cache %}` blocks and `{{ csrf_slot }}` read. `facts` must name
    everything the fragments show (the data's version, the query string, the viewer's
    permissions); an uncacheable page gets a key of its own and is never stored."""
    return {
        "fragment_key": digest(*facts) if cacheable else uuid.uuid4().hex,
        "fragment_seconds": CACHE_SECONDS if cacheable else 0,
        "csrf_slot": mark_safe(CSRF_SLOT),  # noqa: S308 (a constant comment)
    }


def render_with_csrf(request, template: str, context: dict, *, status: int = 200):
    """render(), with this request's CSRF token in every slot of the (possibly cached) page."""
    response = render(request, template, context, status=status)
    slot = CSRF_SLOT.encode()
    if slot in response.content:
        response.content = response.content.replace(slot, str(csrf_input(request)).encode())
    return response


def cached_count(name: str, version: str, count: Callable[[], int]) -> int:
    """A paginated list's row count, kept for this version of the data."""
    return cache.get_or_set(f"count:{digest(name, version)}", count, CACHE_SECONDS)


def last_logged(model: type[models.Model]) -> Subquery:
    """An annotation: the id of the newest audit entry about each row (its history's version)."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk")
    )
    return Subquery(entries.order_by("-id").values("id")[:1])


def page_version(
    model: type[models.Model],
    *,
    documents: bool = False,
    related: Sequence[tuple[str, Sequence]] = (),
    tables: Sequence[type[models.Model]] = (),
) -> RawSQL:
    """An annotation, read in the same query as the row: what an object's page shows besides its
    own row, as text of indexed aggregates: its history's newest entry, its documents (count and
    newest), `related` scalar subqueries (SQL with `{outer}` for the row's id, and parameters,
    e.g. a request's newest decision) and small rule `tables` (row count and newest id: an edit
    in place in the admin shows within CACHE_SECONDS)."""
    outer = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name('id')}"
    content_type = ContentType.objects.get_for_model(model)  # cached after the first
    parts = [
        (
            f"(SELECT MAX(id) FROM {LogEntry._meta.db_table}"  # noqa: S608 (names from models)
            f" WHERE content_type_id = %s AND object_id = {outer})",
            [content_type.pk],
        )
    ]
    if documents:
        from documents.models import Document
        from documents.permissions import owner_label

        parts.append(
            (
                f"(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM {Document._meta.db_table}"  # noqa: S608
                f" WHERE owner_type = %s AND owner_id = CAST({outer} AS VARCHAR(64)))",
                [owner_label(model)],
            )
        )
    parts += [(sql.format(outer=outer), list(params)) for sql, params in related]
    parts += [
        (f"(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM {m._meta.db_table})", [])  # noqa: S608
        for m in tables
    ]
    sql = " || '/' || ".join(f"COALESCE(CAST({part} AS VARCHAR(200)), '')" for part, _ in parts)
    return RawSQL(sql, [p for _, params in parts for p in params])  # noqa: S611
