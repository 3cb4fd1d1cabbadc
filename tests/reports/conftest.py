"""The demo disaster (Banjir Tangerang Raya, January 2026) with its reports and shelters, as `make run` loads it."""

import pytest

from banten_dinsos.accounts.models import User
from banten_dinsos.accounts.services import users_seed_demo
from clusters.services import clusters_seed_demo
from clusters.services.demo import demo_disaster
from shelters.services import shelters_seed_demo


@pytest.fixture
def demo(reference_data):
    users_seed_demo()
    clusters_seed_demo()
    shelters_seed_demo()
    return demo_disaster()


@pytest.fixture
def demo_users(demo):
    return {user.username: user for user in User.objects.all()}


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Report files of a test go to a temporary folder, never into var/."""
    settings.PRIVATE_FILES_ROOT = str(tmp_path / "private")
