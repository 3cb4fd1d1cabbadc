"""The world is built once per test module inside a transaction that is rolled back at the end; each test runs in
a savepoint of it (pytest-django's ``db``), so a write sent by one test is gone before the next."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from .exercise import log_in_once
from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    private = settings.PRIVATE_FILES_ROOT
    settings.PRIVATE_FILES_ROOT = str(tmp_path_factory.mktemp("matrix-private"))
    with django_db_blocker.unblock():
        cache.clear()
        with transaction.atomic():
            w = build_world()
            log_in_once(w)
            # The world's foreign keys are checked now, at the top level of the transaction, where PostgreSQL
            # fires the deferred checks and forgets them; left pending, every test's closing constraint check
            # (run inside its savepoint) would walk the whole world's queue again (4 ms a test).
            connection.check_constraints()
            yield w
            transaction.set_rollback(True)
        cache.clear()
    settings.PRIVATE_FILES_ROOT = private


@pytest.fixture
def fresh_cache():
    """An empty cache for each case (what one case caches, a later one must not see); the world's teardown empties
    it after the last case."""
    cache.clear()
