"""Middleware every page passes through: security headers, and a plain answer when the database is busy.

Content-Security-Policy carries a fresh nonce per request (`request.csp_nonce`, used by the few
inline scripts in templates/base.html); docs/decisions/0008-content-security-policy.md says why
this is ours rather than django-csp. Signed-in responses (pages and private downloads alike) are
never stored by browsers or proxies.
"""

import logging
import secrets

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

log = logging.getLogger(__name__)

BUSY_MESSAGE = (
    "Someone else was saving at the same moment, so nothing you sent has been saved. "
    "Check the page and send it again."
)
# SQLite: another connection held the lock past the busy timeout. PostgreSQL SQLSTATEs:
# serialization failure, deadlock detected, lock not available (NOWAIT / lock_timeout).
_SQLITE_BUSY = ("database is locked", "database table is locked")
_POSTGRES_BUSY = {"40001", "40P01", "55P03"}


def content_security_policy(nonce: str) -> str:
    """The CSP header value from settings.CONTENT_SECURITY_POLICY, with this request's nonce."""
    return "; ".join(
        f"{directive} {sources}".strip().replace("{nonce}", nonce)
        for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
    )


class SecurityHeadersMiddleware:
    """Sets CSP and Permissions-Policy on every response, and no-store once someone is signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        # Django's DEBUG error pages are built of inline scripts and styles (local runs only).
        if not (settings.DEBUG and response.status_code >= 400):
            response.headers["Content-Security-Policy"] = content_security_policy(request.csp_nonce)
        response.headers["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # Cache-Control: ... no-store, private
        return response


def is_database_busy(exc: BaseException) -> bool:
    """True for lock contention the loser of a race can simply retry (not for real faults)."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if code in _POSTGRES_BUSY:
        return True
    return any(text in str(exc).lower() for text in _SQLITE_BUSY)


class DatabaseBusyMiddleware:
    """The loser of a lock race gets a page saying nothing was saved (503, Retry-After), not a 500.

    The view's transaction has already rolled back when the exception reaches here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not is_database_busy(exception):
            return None
        log.warning("Database busy on %s %s: %s", request.method, request.path, exception)
        try:
            response = render(request, "busy.html", {"message": BUSY_MESSAGE}, status=503)
        except Exception:  # the page itself needs the database; say it plainly instead
            log.exception("Could not render the busy page")
            response = HttpResponse(BUSY_MESSAGE, status=503, content_type="text/plain")
        response.headers["Retry-After"] = "5"
        return response
