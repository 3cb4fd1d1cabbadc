"""The Jitupasna XLSX with assets and descriptions typed as formulas: every cell is text, amounts stay numbers."""

import pytest

from jitupasna.models import DamageEntry, LossEntry
from jitupasna.services import assessment_output_build
from tests.security.test_exports import assert_opens_as_text

from .test_outputs import filled  # noqa: F401 - the worked example, as a fixture

pytestmark = pytest.mark.django_db

ASSET = '=HYPERLINK("http://evil.example","rumah")'
LOSS = "@SUM(1+1)*cmd|' /C calc'!A0"


def test_jitupasna_xlsx_neutralises_free_text(filled):  # noqa: F811
    assert DamageEntry.objects.filter(assessment=filled).update(asset_kind=ASSET)
    assert LossEntry.objects.filter(assessment=filled).update(description=LOSS)
    output = assessment_output_build(assessment_id=filled.pk, fmt="xlsx")
    with output.file.open("rb") as handle:
        assert_opens_as_text(handle.read(), {ASSET, LOSS})
