"""The two-level flow's people: the koordinator kab/kota of Kota Tangerang (first level), their counterpart in
Tangerang Selatan (who must be refused), and a two-level disaster beside the conftest's one-level flood."""

import uuid
from datetime import date

import pytest
import time_machine

from banten_dinsos.accounts.roles import Role
from banten_dinsos.regions.models import Region
from clusters.models import ApprovalLevels, DisasterType, EmergencyStatus, RuleSeverity
from clusters.services import (
    disaster_create,
    field_report_approve,
    field_report_create,
    field_report_submit,
    field_report_verify,
    validation_rule_create,
)

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


class ReportingDays:
    """Reports of one disaster sent, approved and verified at given moments of January 2026 (WIB, the clock moved
    there): sent by the officer and approved by the koordinator of the area's kab/kota, verified by the province."""

    def __init__(self, disaster, *, officers: dict, approvers: dict, province):
        self.disaster, self.officers, self.approvers, self.province = disaster, officers, approvers, province

    def send(self, area, day, hour, minute=0):
        with time_machine.travel(at(day, hour, minute), tick=False):
            report, _created = field_report_create(
                user=self.officers[area[:5]],
                disaster=self.disaster,
                area=Region.objects.get(code=area),
                observed_at=at(day, hour, minute),
                idempotency_key=uuid.uuid4(),
                affected_people=100,
                affected_families=30,
                displaced=20,
                submit=True,
            )
        return report

    def approve(self, report, day, hour, minute=0):
        with time_machine.travel(at(day, hour, minute), tick=False):
            return field_report_approve(user=self.approvers[report.kabkota_id], report=report)

    def verify(self, report, day, hour, minute=0):
        with time_machine.travel(at(day, hour, minute), tick=False):
            return field_report_verify(user=self.province, report=report)


@pytest.fixture
def reporting_days(staf, petugas_kota_tangerang, petugas_tangsel, koordinator_kota_tangerang, koordinator_tangsel):
    """``reporting_days(title, kecamatan=[...], **areas)``: a flood over Kota Tangerang and Tangerang Selatan declared
    on 17 January 2026 and run with two approval levels, as a ``ReportingDays`` (its ``disaster``)."""

    def make(title, *, kecamatan, **areas):
        with time_machine.travel(at(17, 7), tick=False):
            disaster = disaster_create(
                user=staf,
                disaster_type=DisasterType.objects.get(code="101"),
                title=title,
                started_on=date(2026, 1, 17),
                affected_kabkota=Region.objects.filter(code__in=[KOTA_TANGERANG, TANGSEL]),
                affected_kecamatan=Region.objects.filter(code__in=kecamatan),
                status=EmergencyStatus.TANGGAP,
                **areas,
            )
        disaster.approval_levels = ApprovalLevels.KABKOTA_THEN_PROVINCE
        disaster.save(update_fields=["approval_levels"])
        return ReportingDays(
            disaster,
            officers={KOTA_TANGERANG: petugas_kota_tangerang, TANGSEL: petugas_tangsel},
            approvers={KOTA_TANGERANG: koordinator_kota_tangerang, TANGSEL: koordinator_tangsel},
            province=staf,
        )

    return make


def statuses(table):
    """A completeness table as {kab/kota: [(area, status), ...]}."""
    return {row.code: [(area.code, area.status) for area in row.areas] for row in table}


def percents(table):
    return {row.code: row.percent for row in table}
