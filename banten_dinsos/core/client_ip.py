"""The client's address behind the production proxy, used by both django-axes (lockout) and the audit log.

Behind a proxy every request comes from the proxy's address, so lockouts hit everyone at once (anyone could lock any
account) and the audit log names the proxy. ``X-Forwarded-For`` is only believed when the request comes from a
proxy listed in ``TRUSTED_PROXIES`` (addresses or networks); the chain is read from the right, skipping trusted
proxies, so a client cannot choose its own address by sending the header itself.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address of the client as the first untrusted hop sees it (REMOTE_ADDR without trusted proxies)."""
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    address = _parse(remote or "")
    if address is None or not networks or not any(address in network for network in networks):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        parsed = _parse(hop)
        if parsed is None:
            return remote  # a malformed chain is not believed
        if not any(parsed in network for network in networks):
            return str(parsed)
    return remote
