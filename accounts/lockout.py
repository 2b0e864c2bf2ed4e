"""Login throttling on top of django-axes: separate failure limits per account-and-address, per
address and per account, and a successful sign-in clears only its own account-and-address count.

settings.LOGIN_THROTTLE lists the counters and their limits; AXES_LOCKOUT_PARAMETERS is derived
from it in the same order. The policy and why: docs/deploy.md, "Sign-in throttling".
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LoginThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """The counter nearest its own limit, shifted so that reaching that limit reads as
        reaching AXES_FAILURE_LIMIT (axes compares one number with one limit)."""
        base = get_failure_limit(request, credentials)
        limits = [limit for _parameters, limit in settings.LOGIN_THROTTLE]
        counters = self.get_user_attempts(request, credentials)
        worst = 0
        for attempts, limit in zip(counters, limits, strict=True):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            if failures:
                worst = max(worst, failures - limit + base)
        return worst

    def reset_user_attempts(self, request, credentials=None) -> int:
        """Signing in clears the failures of this account from this address only: an attacker's
        own account cannot wipe their address's count, nor a user's sign-in an attack elsewhere."""
        deleted, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return deleted
