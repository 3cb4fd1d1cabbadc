"""Shared fixtures: reference data, one user per role, and users of a *second* kabupaten/kota so leaks show."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from rest_framework.test import APIClient

from banten_dinsos.accounts.roles import Role
from banten_dinsos.core.health import UP, redis_state
from banten_dinsos.regions.models import Region

from . import dbtemplate
from .factories import ShelterFactory, UserFactory
from .snapshot import snapshot_restore_on_flush, snapshot_take

LEBAK, KOTA_SERANG = "36.02", "36.73"
REGION_TOTAL = 1 + 8 + 155 + 1552


def pytest_configure(config):
    dbtemplate.start(config)


def pytest_unconfigure(config):
    dbtemplate.finish(config)


def pytest_sessionstart(session):
    """Fail loudly, never skip, when the services the suite claims to use are not there."""
    import django

    django.setup()
    missing = []
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        missing.append("DATABASE_URL must point to PostgreSQL")
    if not settings.REDIS_URL or redis_state()["state"] != UP:
        missing.append(f"Redis is not reachable at {settings.REDIS_URL!r} (docker compose up -d redis)")
    if missing:
        pytest.exit("Required services missing: " + "; ".join(missing), returncode=3)


# The longest files first: with `-n 2 --dist loadfile --no-loadscope-reorder` (make test) xdist hands out files in
# collection order, so the single 4-minute accessibility test no longer runs alone at the end while the other
# process waits (pytest-xdist's default reorder puts files with few tests last).
LONGEST_FIRST = (
    "tests/accessibility/test_axe_browser.py",
    "tests/matrix/test_matrix.py",
    "tests/contract/test_schemathesis.py",
)


def pytest_collection_modifyitems(config, items):
    rank = {path: position for position, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(LONGEST_FIRST)))


def _load_reference_data():
    call_command("load_reference_data", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Under ``-n N --create-db`` each test process copies the template its controller migrated (dbtemplate.py)."""
    dbtemplate.use_if_built()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data is loaded once per test session and committed, so each test finds it (~1.2 s a test); a
    transactional test's closing flush puts back a copy of it taken here (tests/snapshot.py) instead of reloading."""
    with django_db_blocker.unblock():
        _load_reference_data()
        snapshot_take()
    snapshot_restore_on_flush()


@pytest.fixture
def reference_data(db):
    """Regions, agencies and clusters as `make run` loads them (reloaded only if a test removed them)."""
    if Region.objects.count() != REGION_TOTAL:
        _load_reference_data()


@pytest.fixture
def regions(reference_data):
    return {code: Region.objects.get(code=code) for code in (LEBAK, KOTA_SERANG)}


@pytest.fixture
def staf(reference_data):
    return UserFactory(username="staf.provinsi", role=Role.STAF_PROVINSI)


@pytest.fixture
def petugas_lebak(regions):
    return UserFactory(username="petugas.lebak", role=Role.PETUGAS_KABKOTA, kabkota=regions[LEBAK])


@pytest.fixture
def petugas_kota_serang(regions):
    return UserFactory(username="petugas.kota-serang", role=Role.PETUGAS_KABKOTA, kabkota=regions[KOTA_SERANG])


@pytest.fixture
def koordinator_pengungsian(reference_data):
    from clusters.models import Cluster

    user = UserFactory(username="koordinator.pengungsian", role=Role.KOORDINATOR_KLASTER)
    Cluster.objects.get(code="pengungsian-perlindungan").coordinators.add(user)
    return user


@pytest.fixture
def koordinator_kesehatan(reference_data):
    from clusters.models import Cluster

    user = UserFactory(username="koordinator.kesehatan", role=Role.KOORDINATOR_KLASTER)
    Cluster.objects.get(code="kesehatan").coordinators.add(user)
    return user


@pytest.fixture
def api_client_user(reference_data):
    return UserFactory(username="api.mitra", role=Role.API_CLIENT)


@pytest.fixture
def shelter_kota_serang(reference_data):
    return ShelterFactory(desa_code="36.73.02.1001", name="Gedung Serbaguna Kasemen")


@pytest.fixture
def shelter_lebak(reference_data):
    return ShelterFactory(desa_code="36.02.14.1007", name="SDN Muara Ciujung Barat")


@pytest.fixture
def api():
    """An API client; ``api.force_authenticate(user)`` or use ``api_as(user)``."""
    return APIClient()


@pytest.fixture
def api_as():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def page_as(client):
    """A browser-like client logged in as ``user`` (a fresh one per call)."""
    from django.test import Client

    def make(user):
        browser = Client()
        browser.force_login(user)
        return browser

    return make


# ---------------------------------------------------------------------------------------------------------------
# Real browser: Playwright driving Debian's Chromium (no browser download), screenshots under test-artifacts/.
# ---------------------------------------------------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def chromium():
    import os

    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); .ci/run does.")
    # pytest-django's live_server runs in this process; Playwright's sync API runs an event loop.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_login(chromium, live_server):
    """A new page logged in through the real login form: ``page = browser_login("petugas.lebak", viewport)``."""
    contexts = []

    def login(username, viewport=None):
        context = chromium.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale="id-ID")
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
        page.goto(f"{live_server.url}/akun/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "demo-banten")
        page.click("form button[type=submit].w-100")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield login
    for context in contexts:
        context.close()


# ---------------------------------------------------------------------------------------------------------------
# Alerts and reports: a real Celery worker consuming from the test Redis, in this process (solo pool).
# ---------------------------------------------------------------------------------------------------------------
@pytest.fixture
def live_worker():
    """Start a worker on the real broker; messages left in the queue by an earlier run are purged first."""
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the worker's start-up check
    from celery.contrib.testing.worker import start_worker

    from banten_dinsos.celery import app

    assert not app.conf.task_always_eager
    assert app.conf.broker_url.startswith("redis://")
    app.control.purge()
    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=True, shutdown_timeout=10) as worker:
        yield worker


def wait_until(predicate, *, timeout=30.0, interval=0.1):
    """Poll ``predicate`` until it returns something truthy (the worker runs in another thread)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")
