"""Fetching URLs that come from outside (BMKG's feed lists the links it wants read): only configured hosts, and
never an address inside the portal's own network unless a setting explicitly allows one.

Each redirect is checked like the first URL, so an allowed host cannot bounce the request to 169.254.169.254 or to
a database port on localhost.
"""

import ipaddress
import socket
import urllib.request
from urllib.parse import urlsplit


class OutboundUrlRefused(ValueError):
    """The URL's scheme, host or address is not one the portal may fetch."""


def _host_allowed(host: str, allowed_hosts) -> bool:
    host = host.lower().rstrip(".")
    return any(
        host == allowed or host.endswith("." + allowed) for allowed in (h.lower().lstrip(".") for h in allowed_hosts)
    )


def _internal(address) -> bool:
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
        or (address.version == 6 and address.ipv4_mapped is not None and _internal(address.ipv4_mapped))
    )


def outbound_url_check(url: str, *, allowed_hosts, allow_internal: bool = False) -> None:
    """Raise OutboundUrlRefused unless ``url`` is http(s) on an allowed host that resolves to public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OutboundUrlRefused(f"only http and https URLs are read: {parts.scheme or '?'}")
    host = parts.hostname
    if not _host_allowed(host, allowed_hosts):
        raise OutboundUrlRefused(f"host not allowed: {host}")
    if allow_internal:
        return
    try:
        infos = socket.getaddrinfo(
            host, parts.port or (443 if parts.scheme == "https" else 80), proto=socket.IPPROTO_TCP
        )
    except socket.gaierror as error:
        raise OutboundUrlRefused(f"host does not resolve: {host}") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if _internal(address):
            raise OutboundUrlRefused(f"{host} resolves to an internal address ({address})")


def outbound_opener(*, allowed_hosts, allow_internal: bool = False) -> urllib.request.OpenerDirector:
    """A urllib opener whose redirects are checked like the first URL."""

    class CheckedRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            outbound_url_check(newurl, allowed_hosts=allowed_hosts, allow_internal=allow_internal)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(CheckedRedirects)
