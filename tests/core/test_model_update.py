"""The one model_update: changes only allowed fields, strips text, and says what changed."""

import pytest

from banten_dinsos.core.services import model_update
from banten_dinsos.regions.models import Region


def test_model_update_returns_changed_fields_and_strips_text():
    region = Region(code="36.02", name="LEBAK", level="kabkota")
    changed = model_update(instance=region, data={"name": "  Lebak ", "level": "kabkota"}, fields=("name", "level"))
    assert changed == ["name"]
    assert region.name == "Lebak"


def test_model_update_refuses_fields_outside_the_list():
    region = Region(code="36.02", name="LEBAK", level="kabkota")
    with pytest.raises(TypeError, match="code"):
        model_update(instance=region, data={"code": "36.03"}, fields=("name",))
    assert region.code == "36.02"
