"""accounts.client_address: X-Forwarded-For counts only from a trusted proxy; the audit trail agrees."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from accounts.client_address import client_address, parse_address
from audit.middleware import AuditlogMiddleware

PROXY = "10.0.0.5"


def request_from(remote_addr: str, forwarded_for: str | None = None, **extra):
    headers = {"REMOTE_ADDR": remote_addr, **extra}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        # No trusted proxy configured: the header is the client's word, ignored.
        ([], "203.0.113.9", "198.51.100.1", "203.0.113.9"),
        ([], "203.0.113.9", None, "203.0.113.9"),
        # A client that is not the proxy cannot claim another address.
        ([PROXY], "203.0.113.9", "198.51.100.1", "203.0.113.9"),
        # Through the proxy: the address the proxy saw connect (the right-most entry).
        ([PROXY], PROXY, "198.51.100.1", "198.51.100.1"),
        # A client-written entry to the left of the proxy's is ignored.
        ([PROXY], PROXY, "1.1.1.1, 198.51.100.1", "198.51.100.1"),
        # Chained trusted proxies are skipped (network given as CIDR).
        (["10.0.0.0/8"], PROXY, "198.51.100.1, 10.0.0.7", "198.51.100.1"),
        # Garbage where the proxy's entry should be: fall back to the proxy, not the garbage.
        ([PROXY], PROXY, "198.51.100.1, not-an-ip", PROXY),
        ([PROXY], PROXY, "", PROXY),
        ([PROXY], PROXY, None, PROXY),
        # Ports and IPv6 forms.
        ([PROXY], PROXY, "198.51.100.1:51234", "198.51.100.1"),
        ([PROXY], PROXY, "[2001:db8::1]:443", "2001:db8::1"),
        (["2001:db8:ffff::/48"], "2001:db8:ffff::2", "2001:db8::1", "2001:db8::1"),
        ([PROXY], "::ffff:10.0.0.5", "198.51.100.1", "198.51.100.1"),
    ],
)
def test_client_address(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    assert client_address(request_from(remote, forwarded)) == expected


@pytest.mark.parametrize("value", ["", "localhost", "1.2.3", "1.2.3.4\x00", "[::1"])
def test_parse_address_refuses_what_is_not_an_address(value):
    assert parse_address(value) is None


def test_a_misconfigured_proxy_list_says_what_to_write(settings):
    settings.TRUSTED_PROXIES = ["the load balancer"]
    with pytest.raises(ImproperlyConfigured, match="10.0.0.0/8"):
        client_address(request_from(PROXY))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("trusted", "remote", "expected"),
    [([], "203.0.113.9", "203.0.113.9"), ([PROXY], PROXY, "198.51.100.1")],
)
def test_audit_trail_records_the_same_address(settings, trusted, remote, expected):
    from tests.factories import OrganisationFactory

    settings.TRUSTED_PROXIES = trusted
    request = request_from(remote, "198.51.100.1", HTTP_X_FORWARDED_PORT="4443")

    def view(request):
        OrganisationFactory(name="Audited Trust")
        return None

    AuditlogMiddleware(view)(request)

    entry = LogEntry.objects.get(object_repr__contains="Audited Trust")
    assert entry.remote_addr == expected
    # The forwarded port is believed only from the proxy, like the address.
    assert entry.remote_port == (4443 if trusted else None)


@pytest.mark.django_db
def test_events_written_in_bulk_record_the_address_too(settings):
    from audit.events import event_entry, record_events
    from tests.factories import OrganisationFactory

    settings.TRUSTED_PROXIES = [PROXY]
    organisation = OrganisationFactory(name="Bulk Trust")

    def view(request):
        record_events([event_entry("checked", actor=None, target=organisation)])

    AuditlogMiddleware(view)(request_from(PROXY, "1.1.1.1, 198.51.100.7"))

    entry = LogEntry.objects.get(additional_data__event="checked")
    assert entry.remote_addr == "198.51.100.7"


@pytest.mark.django_db
def test_a_request_stamps_its_entries_and_leaves_nothing_behind(settings, officer):
    """The receiver is connected once, not per request; what a request stamps ends with it."""
    from django.db.models.signals import pre_save

    from tests.factories import OrganisationFactory

    settings.TRUSTED_PROXIES = []
    receivers_before = len(pre_save.receivers)
    request = request_from("203.0.113.20")
    request.user = officer

    def view(request):
        assert len(pre_save.receivers) == receivers_before
        OrganisationFactory(name="Inside Trust")

    AuditlogMiddleware(view)(request)
    OrganisationFactory(name="Outside Trust")

    inside = LogEntry.objects.get(object_repr__contains="Inside Trust")
    outside = LogEntry.objects.get(object_repr__contains="Outside Trust")
    assert (inside.actor, inside.remote_addr) == (officer, "203.0.113.20")
    assert (outside.actor, outside.remote_addr) == (None, None)
    assert len(pre_save.receivers) == receivers_before
