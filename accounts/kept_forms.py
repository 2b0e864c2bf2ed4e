"""What someone typed is kept when their session ends under them: the form they post after being
signed out for inactivity is stashed (server-side, in the fresh session) against their user and
their page, and handed back once they sign in again as the same user.

`SessionTimeoutMiddleware` calls `keep_posted_form(request, user_id)` when it signs out a POST; a
view that wants the typed values back calls `take_kept_form(request)` on its next GET and gets a
QueryDict (or None): for the same path, the same user, within KEEP_FOR seconds. Only form text is
kept (never files, the CSRF token or anything named like a password, token or secret), up to
MAX_CHARS characters.
"""

from __future__ import annotations

import time

from django.http import HttpRequest, QueryDict
from django.middleware.csrf import CsrfViewMiddleware

SESSION_KEY = "_kept_form"
KEEP_FOR = 24 * 60 * 60
MAX_CHARS = 200_000
SKIP = frozenset({"csrfmiddlewaretoken"})
# Never kept, on any page: passwords, tokens, secrets (a session is no place for them).
SENSITIVE = ("password", "token", "secret", "otp")


def _view(request):  # pragma: no cover - never called: only its CSRF check is wanted
    return None


def csrf_passes(request: HttpRequest) -> bool:
    """The CSRF check the view would have made (a forged post from elsewhere is never kept)."""
    return CsrfViewMiddleware(_view).process_view(request, _view, (), {}) is None


def keep_posted_form(request: HttpRequest, user_id: int) -> bool:
    """Stash this POST's text fields in the (new) session; False when there is nothing to keep
    or it is too large to keep."""
    if request.method != "POST":
        return False
    data = {
        k: request.POST.getlist(k)
        for k in request.POST
        if k not in SKIP and not any(word in k.lower() for word in SENSITIVE)
    }
    if not data or sum(len(v) for values in data.values() for v in values) > MAX_CHARS:
        return False
    request.session[SESSION_KEY] = {
        "path": request.path,
        "user_id": user_id,
        "at": int(time.time()),
        "data": data,
        "had_files": bool(request.FILES),
    }
    return True


def take_kept_form(request: HttpRequest) -> tuple[QueryDict, bool] | None:
    """The kept form for this page and user (removed from the session), with whether a file was
    attached (files are not kept), or None."""
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[SESSION_KEY]
    if kept.get("user_id") != request.user.pk or time.time() - kept.get("at", 0) > KEEP_FOR:
        return None
    data = QueryDict(mutable=True)
    for key, values in kept["data"].items():
        data.setlist(key, values)
    return data, bool(kept.get("had_files"))
