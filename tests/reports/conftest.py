"""The demo disaster (Banjir Tangerang Raya, January 2026) with its reports and shelters, as `make run` loads it."""

import pytest

from banten_dinsos.accounts.models import User
from banten_dinsos.accounts.services import users_seed_demo
from clusters.services import clusters_seed_demo
from clusters.services.demo import demo_disaster
from shelters.services import shelters_seed_demo

from ..rolledback import rolled_back_after_module


def _seed_demo(module):
    users_seed_demo()
    clusters_seed_demo()
    shelters_seed_demo()
    for loader in getattr(module, "DEMO_ALSO", ()):  # more of the demo that a module's tests need
        loader()


def _commits(item) -> bool:
    """Whether a test commits (a transactional database, a live server): it cannot run inside a module's
    transaction."""
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    return transactional or bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.fixture(scope="module")
def demo_once(request, django_db_setup, django_db_blocker):
    """The demo loaded once for a module (about 2 s a test), in a transaction rolled back after the module's last
    test: each test runs in a savepoint inside it (pytest-django's ``db``), so whatever a test writes is gone at its
    end and every test starts from the demo as loaded. In a module with a test that commits, the demo is loaded per
    test as before (the value is then False).
    A module names more of the demo its tests need in ``DEMO_ALSO``."""
    if any(_commits(item) for item in request.session.items if item.module is request.module):
        yield False
        return
    with rolled_back_after_module(django_db_blocker, lambda: _seed_demo(request.module)):
        yield True


@pytest.fixture
def demo(request, demo_once, reference_data):
    if not demo_once:
        _seed_demo(request.module)
    return demo_disaster()


@pytest.fixture
def demo_users(demo):
    return {user.username: user for user in User.objects.all()}


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Report files of a test go to a temporary folder, never into var/."""
    settings.PRIVATE_FILES_ROOT = str(tmp_path / "private")
