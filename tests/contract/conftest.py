"""The API contract run's world: the URL x role matrix's records in Lebak and Kota Serang, built once per module."""

import pytest
from django.core.cache import cache
from django.db import transaction

from ..matrix.world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    private = settings.PRIVATE_FILES_ROOT
    settings.PRIVATE_FILES_ROOT = str(tmp_path_factory.mktemp("contract-private"))
    with django_db_blocker.unblock():
        cache.clear()
        with transaction.atomic():
            w = build_world()
            yield w
            transaction.set_rollback(True)
    settings.PRIVATE_FILES_ROOT = private
