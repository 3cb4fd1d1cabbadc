"""The two-level flow's people: the koordinator kab/kota of Kota Tangerang (first level), their counterpart in
Tangerang Selatan (who must be refused), and a two-level disaster beside the conftest's one-level flood."""

import uuid
from datetime import date

import pytest

from banten_dinsos.accounts.roles import Role
from banten_dinsos.regions.models import Region
from clusters.models import ApprovalLevels, DisasterType, EmergencyStatus, RuleSeverity
from clusters.services import disaster_create, field_report_create, field_report_submit, validation_rule_create

from ...factories import UserFactory
from ..conftest import KOTA_TANGERANG, PERIUK, PONDOK_AREN, TANGSEL, at


@pytest.fixture
def koordinator_kota_tangerang(reference_data):
    return UserFactory(
        username="koordinator.kota-tangerang",
        first_name="Koordinator Kota Tangerang",
        role=Role.KOORDINATOR_KABKOTA,
        kabkota=Region.objects.get(code=KOTA_TANGERANG),
        email="koordinator.kota-tangerang@example.org",
    )


@pytest.fixture
def koordinator_tangsel(reference_data):
    return UserFactory(
        username="koordinator.kota-tangerang-selatan",
        role=Role.KOORDINATOR_KABKOTA,
        kabkota=Region.objects.get(code=TANGSEL),
    )


@pytest.fixture
def two_level_flood(staf):
    """Banjir Periuk: Kota Tangerang and Tangerang Selatan, approved by the kab/kota first, then the province."""
    disaster = disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="101"),
        title="Banjir Periuk Dua Tingkat",
        started_on=date(2026, 1, 17),
        affected_kabkota=Region.objects.filter(code__in=[KOTA_TANGERANG, TANGSEL]),
        affected_kecamatan=Region.objects.filter(code__in=[PERIUK, PONDOK_AREN]),
        status=EmergencyStatus.TANGGAP,
    )
    disaster.approval_levels = ApprovalLevels.KABKOTA_THEN_PROVINCE
    disaster.save(update_fields=["approval_levels"])
    return disaster


@pytest.fixture
def submitted(petugas_kota_tangerang, two_level_flood):
    """A report of Periuk sent by the Kota Tangerang officer, waiting for the koordinator kab/kota."""

    def make(disaster=None, *, officer=None, area=PERIUK, observed=None, comment="", **figures):
        officer = officer or petugas_kota_tangerang
        figures = {"affected_people": 120, "affected_families": 35, "displaced": 40, **figures}
        report, _created = field_report_create(
            user=officer,
            disaster=disaster or two_level_flood,
            area=Region.objects.get(code=area),
            observed_at=observed or at(18),
            idempotency_key=uuid.uuid4(),
            **figures,
        )
        return field_report_submit(user=officer, report=report, warning_comment=comment)

    return make


@pytest.fixture
def default_rules(staf):
    from clusters.services import validation_rules_load_defaults

    validation_rules_load_defaults(user=staf)


@pytest.fixture
def hard_rule(staf):
    return validation_rule_create(
        user=staf,
        code="rincian-rumah",
        name="Rumah terendam tidak melebihi KK",
        expression="houses_submerged <= affected_families",
        message="Rumah terendam melebihi jumlah KK terdampak.",
        severity=RuleSeverity.HARD,
    )
