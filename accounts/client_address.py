"""The client's address: where the request came from, or who a trusted proxy says it came for.

TRUSTED_PROXIES lists the reverse proxies' addresses or networks (CIDR). A request whose connecting
address is not one of them is taken at that address, whatever X-Forwarded-For it carries (clients
can write any header). From a trusted proxy, X-Forwarded-For is read from the right, skipping the
trusted hops, to the first address a trusted proxy saw connect. Login throttling (django-axes) and
the audit trail both use this one answer.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=4)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must list IP addresses or networks like 10.0.0.0/8 ({exc})."
        ) from exc


def parse_address(value: str) -> Address | None:
    """An address from a header or REMOTE_ADDR ("1.2.3.4", "1.2.3.4:5678", "[::1]:80"), or None."""
    value = value.strip()
    if value.startswith("["):
        value, closed, _port = value[1:].partition("]")
        if not closed:
            return None
    elif value.count(":") == 1:  # IPv4 with a port; bare IPv6 has several colons
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def came_through_trusted_proxy(request: HttpRequest) -> bool:
    remote = parse_address(request.META.get("REMOTE_ADDR", ""))
    return remote is not None and _is_trusted(remote)


def _is_trusted(address: Address) -> bool:
    return any(address in network for network in trusted_networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str | None:
    remote = parse_address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    if not _is_trusted(remote):
        return str(remote)
    client = remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = parse_address(hop)
        if address is None:  # garbage: keep the last address a trusted proxy vouched for
            break
        client = address
        if not _is_trusted(address):
            break
    return str(client)
