"""Fixtures for alerts: a disaster in Lebak, the BMKG CAP files kept in the repository, loopback receivers."""

import hashlib
import hmac
import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from banten_dinsos.regions.models import Region
from clusters.models import DisasterType, EmergencyStatus
from clusters.services import disaster_create

DATA = Path(__file__).parent / "data"
FEED_URL = "https://example.bmkg.test/alert/public/id/rss.xml"


@pytest.fixture
def lebak_flood(staf):
    """Banjir Lebak, declared by staf provinsi in siaga darurat."""
    return disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="101"),
        title="Banjir Lebak Januari 2026",
        started_on=date(2026, 1, 17),
        affected_kabkota=Region.objects.filter(code="36.02"),
        status=EmergencyStatus.SIAGA,
    )


@pytest.fixture
def fake_fetch():
    """BMKG's feed and CAP messages, read from tests/notifications/data instead of the network."""
    fetched = []

    def fetch(url):
        fetched.append(url)
        if url == FEED_URL:
            return (DATA / "bmkg_rss.xml").read_bytes()
        return (DATA / url.rsplit("/", 1)[-1]).read_bytes()

    fetch.fetched = fetched
    return fetch


class WebhookReceiver:
    """A partner system on 127.0.0.1 that checks each request's HMAC-SHA256 signature before accepting it."""

    def __init__(self, secret: str, statuses=()):
        self.secret = secret
        self.statuses = list(statuses)
        self.received = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                timestamp = self.headers["X-Dinsos-Timestamp"]
                expected = hmac.new(receiver.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
                valid = hmac.compare_digest(self.headers["X-Dinsos-Signature"], f"sha256={expected.hexdigest()}")
                status = receiver.statuses.pop(0) if receiver.statuses else (200 if valid else 401)
                receiver.received.append(
                    {"valid": valid, "status": status, "headers": dict(self.headers), "json": json.loads(body)}
                )
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                """Keep the test output quiet: the receiver's requests are asserted, not logged."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/dinsos"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook_receiver():
    def make(secret, statuses=()):
        return WebhookReceiver(secret, statuses)

    return make
