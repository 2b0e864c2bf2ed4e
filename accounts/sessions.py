"""Signed-in sessions end after a spell of inactivity and, however active, after a fixed lifetime.

Office staff are signed out after SESSION_IDLE_TIMEOUT_STAFF seconds without a request (30 minutes),
everyone else after SESSION_IDLE_TIMEOUT; nobody stays signed in longer than
SESSION_ABSOLUTE_LIFETIME (12 hours) after signing in. A form posted as the session ends is kept
for the same user and page (accounts.kept_forms), so nothing typed is lost.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from .kept_forms import csrf_passes, keep_posted_form

SIGNED_IN_AT = "_signed_in_at"
LAST_SEEN_AT = "_last_seen_at"
# Refresh the activity stamp at most once a minute, so a page view is not always a session write.
TOUCH_EVERY = 60


def _now() -> int:
    return int(time.time())


def idle_timeout(user) -> int:
    staff = user.is_staff or getattr(user, "is_office_staff", False)
    return settings.SESSION_IDLE_TIMEOUT_STAFF if staff else settings.SESSION_IDLE_TIMEOUT


@receiver(user_logged_in, dispatch_uid="accounts.sessions.stamp_sign_in")
def stamp_sign_in(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = _now()


def expiry_reason(session, user, now: int) -> str | None:
    """Why this session has ended, in the user's words, or None while it is still good."""
    signed_in_at = session.get(SIGNED_IN_AT, now)
    last_seen_at = session.get(LAST_SEEN_AT, now)
    if now - signed_in_at >= settings.SESSION_ABSOLUTE_LIFETIME:
        hours = settings.SESSION_ABSOLUTE_LIFETIME // 3600
        return f"You have been signed out because you signed in more than {hours} hours ago."
    idle = idle_timeout(user)
    if now - last_seen_at >= idle:
        return f"You have been signed out after {idle // 60} minutes without activity."
    return None


class SessionTimeoutMiddleware:
    """Ends expired sessions before the view runs; otherwise records the activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = _now()
            reason = expiry_reason(request.session, user, now)
            if reason:
                return self._signed_out(request, reason, user.pk)
            request.session.setdefault(SIGNED_IN_AT, now)
            if now - request.session.get(LAST_SEEN_AT, 0) >= TOUCH_EVERY:
                request.session[LAST_SEEN_AT] = now
        return self.get_response(request)

    @staticmethod
    def _signed_out(request: HttpRequest, reason: str, user_id: int) -> HttpResponse:
        # A form posted as the session ended is kept for the same user and page (kept_forms),
        # if it passes the CSRF check the view would have made.
        genuine = request.method == "POST" and csrf_passes(request)
        logout(request)
        kept = genuine and keep_posted_form(request, user_id)
        carry_on = (
            " Sign in again: what you typed has been kept."
            if kept
            else " Sign in again to carry on."
        )
        messages.info(request, f"{reason}{carry_on}")
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response.headers["HX-Redirect"] = redirect_to_login(request.get_full_path()).url
            return response
        return redirect_to_login(request.get_full_path())
