"""BMKG fetches reach configured hosts only, never an internal address (unless a setting allows it), redirects too."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from banten_dinsos.core.outbound import OutboundUrlRefused, outbound_url_check
from banten_dinsos.notifications.services.warnings import fetch_url

BMKG = ["bmkg.go.id"]


def public_dns(monkeypatch, address="202.90.198.40"):  # only resolved, never contacted
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: [(2, 1, 6, "", (address, 443))])


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://signature.bmkg.go.id/cap.xml",
        "https://bmkg.go.id.evil.example/cap.xml",
        "http://127.0.0.1:6379/",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_other_schemes_and_hosts_are_refused(url):
    with pytest.raises(OutboundUrlRefused):
        outbound_url_check(url, allowed_hosts=BMKG)


def test_bmkg_and_its_subdomains_are_read_when_they_resolve_to_public_addresses(monkeypatch):
    public_dns(monkeypatch)
    outbound_url_check("https://signature.bmkg.go.id/alerts/cap.xml", allowed_hosts=BMKG)
    outbound_url_check("https://bmkg.go.id/feed.xml", allowed_hosts=BMKG)


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.1.5", "169.254.169.254", "::1", "fe80::1"])
def test_an_allowed_host_that_resolves_inside_is_refused_unless_allowed(monkeypatch, address):
    public_dns(monkeypatch, address)
    with pytest.raises(OutboundUrlRefused, match="internal"):
        outbound_url_check("https://signature.bmkg.go.id/cap.xml", allowed_hosts=BMKG)
    outbound_url_check("https://signature.bmkg.go.id/cap.xml", allowed_hosts=BMKG, allow_internal=True)


@pytest.fixture
def redirecting_server():
    """A loopback server that answers every GET with a redirect to the cloud metadata address."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()

        def log_message(self, *args):
            """Keep the test output quiet: the redirect is the whole answer."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    server.shutdown()
    server.server_close()


def test_the_ingest_fetch_refuses_loopback_by_default_and_checks_every_redirect(settings, redirecting_server):
    settings.BMKG_ALLOWED_HOSTS = BMKG
    settings.BMKG_ALLOW_INTERNAL_ADDRESSES = False
    with pytest.raises(OutboundUrlRefused, match="host not allowed"):
        fetch_url(redirecting_server)
    # A mirror on loopback explicitly allowed: its redirect elsewhere is still refused before any connection.
    settings.BMKG_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.BMKG_ALLOW_INTERNAL_ADDRESSES = True
    with pytest.raises(OutboundUrlRefused, match="169.254.169.254"):
        fetch_url(redirecting_server)
