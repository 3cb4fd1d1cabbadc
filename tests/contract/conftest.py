"""The API contract run's world: the URL x role matrix's records in Lebak and Kota Serang, built once per module."""

import pytest
from django.core.cache import cache

from ..matrix.world import build_world
from ..rolledback import rolled_back_after_module


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    private = settings.PRIVATE_FILES_ROOT
    settings.PRIVATE_FILES_ROOT = str(tmp_path_factory.mktemp("contract-private"))
    cache.clear()
    with rolled_back_after_module(django_db_blocker, build_world) as w:
        yield w
    settings.PRIVATE_FILES_ROOT = private
