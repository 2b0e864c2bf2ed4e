"""django-auditlog's request middleware, taking the client address the way login throttling does,
and stamping history entries without connecting a signal receiver on every request.

auditlog's own version believes any X-Forwarded-For a client sends; this one believes it only from
a trusted proxy (accounts.client_address). auditlog also connects, and afterwards disconnects, a
pre_save receiver for each request (each time emptying the signal's receiver cache, under its lock);
here one receiver, connected once (AuditConfig.ready), stamps the entries of whichever request is
running, read from auditlog's own context variable.
"""

from auditlog.cid import set_cid
from auditlog.context import _set_extra_data, auditlog_value
from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.conf import settings

from accounts.client_address import came_through_trusted_proxy, client_address

REQUEST_SIGNAL_DUID = ("audit.middleware", "request")


def stamp_request_details(sender, instance, **kwargs) -> None:
    """pre_save receiver on LogEntry: the running request's actor, address and port."""
    _set_extra_data(sender, instance, signal_duid=REQUEST_SIGNAL_DUID, **kwargs)


class AuditlogMiddleware(BaseAuditlogMiddleware):
    def __call__(self, request):
        set_cid(request)
        context_data = self.get_extra_data(request)
        context_data["signal_duid"] = REQUEST_SIGNAL_DUID
        token = auditlog_value.set(context_data)
        try:
            return self.get_response(request)
        finally:
            auditlog_value.reset(token)

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
