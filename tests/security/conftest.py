import pytest

from pmks_registry.services import pmks_types_load_reference


@pytest.fixture
def pmks_types(reference_data):
    pmks_types_load_reference()
