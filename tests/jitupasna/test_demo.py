"""The demo Jitupasna of the Tangerang Raya floods: built on the clusters and meetings demo data, idempotent."""

from decimal import Decimal

import pytest

from banten_dinsos.accounts.services import users_seed_demo
from clusters.services import clusters_seed_demo
from clusters.services.demo import demo_title
from jitupasna.models import Assessment, AssessmentStatus, DamageEntry, EntrySource
from jitupasna.selectors import assessment_document_figures, input_status
from jitupasna.services import jitupasna_load_reference, jitupasna_seed_demo
from meetings.services import meetings_seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_loader_builds_the_flood_jitupasna_once(reference_data):
    jitupasna_load_reference()
    users_seed_demo()
    clusters_seed_demo()
    meetings_seed_demo()
    summary = jitupasna_seed_demo()
    assert summary["created"] == 1 and summary["logins"] == "pupr.provinsi"
    assessment = Assessment.objects.get()
    assert assessment.disaster.title == demo_title() and assessment.title == f"Jitupasna {demo_title()}"
    assert assessment.status == AssessmentStatus.OPEN
    assert assessment.meetings.count() == 1
    # Pre-filled from the verified demo reports: 35 houses lightly damaged in Periuk, 12 heavily in Teluknaga.
    houses = {
        entry.kabkota_id: (entry.units_heavy, entry.units_light, entry.unit_cost)
        for entry in DamageEntry.objects.filter(source=EntrySource.PREFILL, sub_sector__code="perumahan")
    }
    assert houses == {
        "36.71": (Decimal(0), Decimal(35), Decimal(95_000_000)),
        "36.03": (Decimal(12), Decimal(0), Decimal(95_000_000)),
    }
    figures = assessment_document_figures(assessment=assessment)
    assert figures.total.damage > 0 and figures.total.loss == Decimal("7080000000")
    # The demo round's deadline (yesterday in the demo's calendar) has passed: agencies without input are late.
    status = input_status(assessment=assessment)
    assert status.late >= 3 and status.submitted == 3
    assert jitupasna_seed_demo()["created"] == 0
    assert Assessment.objects.count() == 1
