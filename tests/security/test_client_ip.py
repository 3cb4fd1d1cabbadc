"""Lockout and audit agree on the client address, read past trusted proxies only."""

import pytest
from axes.helpers import get_client_ip_address

from banten_dinsos.audit.context import client_ip as audit_client_ip


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.10"]


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.0.0.5", "203.0.113.9", "203.0.113.9"),  # through the proxy
        ("10.0.0.5", "198.51.100.1, 203.0.113.9, 192.0.2.10", "203.0.113.9"),  # a spoofed first hop is ignored
        ("203.0.113.50", "198.51.100.1", "203.0.113.50"),  # straight from the internet: the header is not believed
        ("10.0.0.5", "", "10.0.0.5"),
        ("10.0.0.5", "not-an-address", "10.0.0.5"),
    ],
)
def test_axes_and_the_audit_log_read_the_same_client_address(rf, behind_proxy, remote, forwarded, expected):
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert get_client_ip_address(request) == audit_client_ip(request) == expected


def test_without_trusted_proxies_the_forwarded_header_is_ignored(rf, settings):
    settings.TRUSTED_PROXIES = []
    request = rf.get("/", REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert get_client_ip_address(request) == audit_client_ip(request) == "203.0.113.50"


@pytest.mark.django_db
def test_failed_logins_through_the_proxy_lock_out_the_client_not_the_proxy(
    client, petugas_lebak, behind_proxy, settings
):
    from axes.models import AccessAttempt

    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(
            "/akun/login/",
            {"username": "petugas.lebak", "password": "wrong"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
