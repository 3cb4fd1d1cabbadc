"""The world is built once per test module inside a transaction that is rolled back at the end; each test runs in
a savepoint of it (pytest-django's ``db``), so a write sent by one test is gone before the next."""

import pytest
from django.core.cache import cache

from ..rolledback import rolled_back_after_module
from .exercise import log_in_once
from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    private = settings.PRIVATE_FILES_ROOT
    settings.PRIVATE_FILES_ROOT = str(tmp_path_factory.mktemp("matrix-private"))
    cache.clear()
    with rolled_back_after_module(django_db_blocker, _world_logged_in) as w:
        yield w
    cache.clear()
    settings.PRIVATE_FILES_ROOT = private


def _world_logged_in():
    w = build_world()
    log_in_once(w)
    return w


@pytest.fixture
def fresh_cache():
    """An empty cache for each case (what one case caches, a later one must not see); the world's teardown empties
    it after the last case."""
    cache.clear()
