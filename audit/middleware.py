"""django-auditlog's request middleware, taking the client address the way login throttling does.

auditlog's own version believes any X-Forwarded-For a client sends; this one believes it only from
a trusted proxy (accounts.client_address).
"""

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.conf import settings

from accounts.client_address import came_through_trusted_proxy, client_address


class AuditlogMiddleware(BaseAuditlogMiddleware):
    @staticmethod
    def _get_remote_addr(request):
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_address(request)

    @staticmethod
    def _get_remote_port(request) -> int | None:
        port = (
            request.headers.get("X-Forwarded-Port", "")
            if came_through_trusted_proxy(request)
            else request.META.get("REMOTE_PORT", "")
        )
        return int(port) if str(port).isdigit() and int(port) < 65536 else None
