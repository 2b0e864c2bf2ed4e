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
from collections.abc import Callable

from django.core.cache import cache
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
