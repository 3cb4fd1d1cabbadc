"""Disaster status rules, field report workflow and validation, at the service level."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banten_dinsos.regions.models import Region
from clusters.models import EmergencyStatus, FieldReport, FieldReportEvent, Need, ReportAction, ReportState
from clusters.services import (
    disaster_change_status,
    field_report_create,
    field_report_return,
    field_report_submit,
    field_report_update,
    field_report_verify,
    need_create,
    need_update,
)

from .conftest import KARAWACI, PERIUK, PERIUK_DESA, at

pytestmark = pytest.mark.django_db


def test_disaster_keeps_a_history_of_every_status_change(staf, flood):
    disaster_change_status(
        user=staf, disaster=flood, status=EmergencyStatus.TANGGAP, decree_number="360/Kep.25-Huk/2026"
    )
    disaster_change_status(user=staf, disaster=flood, status=EmergencyStatus.TRANSISI, decree_number="360/Kep.30")
    history = list(flood.status_history.values_list("from_status", "to_status", "decree_number", "changed_by"))
    assert history == [
        ("", "tanggap_darurat", "360/Kep.18-Huk/2026", staf.pk),
        ("tanggap_darurat", "tanggap_darurat", "360/Kep.25-Huk/2026", staf.pk),
        ("tanggap_darurat", "transisi_darurat", "360/Kep.30", staf.pk),
    ]


def test_extension_without_a_new_decree_is_refused(staf, flood):
    with pytest.raises(ValidationError) as error:
        disaster_change_status(user=staf, disaster=flood, status=EmergencyStatus.TANGGAP)
    assert "decree_number" in error.value.message_dict


def test_a_closed_disaster_cannot_be_reopened(staf, flood):
    disaster_change_status(user=staf, disaster=flood, status=EmergencyStatus.SELESAI, valid_from=date(2026, 2, 10))
    flood.refresh_from_db()
    assert flood.ended_on == date(2026, 2, 10)
    with pytest.raises(ValidationError) as error:
        disaster_change_status(user=staf, disaster=flood, status=EmergencyStatus.TANGGAP, decree_number="x")
    assert "tidak dapat berubah" in error.value.message_dict["status"][0]
    assert flood.status_history.count() == 2


def test_officer_cannot_change_the_emergency_status(petugas_kota_tangerang, flood):
    with pytest.raises(PermissionDenied):
        disaster_change_status(user=petugas_kota_tangerang, disaster=flood, status=EmergencyStatus.TRANSISI)


def test_workflow_records_who_and_when_at_each_step(staf, petugas_kota_tangerang, flood, report_of):
    report = report_of(petugas_kota_tangerang, flood, PERIUK, state="submitted")
    report = field_report_return(user=staf, report=report, reason="Jumlah KK belum sesuai.")
    assert (report.state, report.returned_by, report.return_reason) == ("returned", staf, "Jumlah KK belum sesuai.")
    report = field_report_update(user=petugas_kota_tangerang, report=report, data={"affected_families": 25})
    report = field_report_submit(user=petugas_kota_tangerang, report=report)
    report = field_report_verify(user=staf, report=report)
    assert report.state == ReportState.VERIFIED and report.verified_by == staf and report.verified_at
    steps = list(FieldReportEvent.objects.filter(report=report).values_list("action", "actor__username"))
    assert steps == [
        (ReportAction.CREATE, "petugas.kota-tangerang"),
        (ReportAction.SUBMIT, "petugas.kota-tangerang"),
        (ReportAction.RETURN, "staf.provinsi"),
        (ReportAction.EDIT, "petugas.kota-tangerang"),
        (ReportAction.SUBMIT, "petugas.kota-tangerang"),
        (ReportAction.VERIFY, "staf.provinsi"),
    ]


def test_a_verified_report_is_never_changed_and_a_correction_supersedes_it(
    staf, petugas_kota_tangerang, flood, report_of
):
    original = report_of(petugas_kota_tangerang, flood, PERIUK, affected_people=300)
    with pytest.raises(ValidationError) as error:
        field_report_update(user=petugas_kota_tangerang, report=original, data={"affected_people": 1})
    assert "state" in error.value.message_dict
    correction, _created = field_report_create(
        user=petugas_kota_tangerang,
        disaster=flood,
        area=original.area,
        observed_at=original.observed_at,
        idempotency_key=uuid.uuid4(),
        supersedes=original,
        affected_people=320,
        submit=True,
    )
    field_report_verify(user=staf, report=correction)
    original.refresh_from_db()
    assert original.state == ReportState.SUPERSEDED and original.superseded_by == correction
    assert original.affected_people == 300  # the figures of a verified report stay as they were


def test_verifying_a_second_correction_of_the_same_report_is_refused(staf, petugas_kota_tangerang, flood, report_of):
    original = report_of(petugas_kota_tangerang, flood, PERIUK)
    corrections = [
        field_report_create(
            user=petugas_kota_tangerang,
            disaster=flood,
            area=original.area,
            observed_at=original.observed_at,
            idempotency_key=uuid.uuid4(),
            supersedes=original,
            submit=True,
            affected_people=100 + n,
        )[0]
        for n in range(2)
    ]
    field_report_verify(user=staf, report=corrections[0])
    with pytest.raises(ValidationError) as error:
        field_report_verify(user=staf, report=corrections[1])
    assert "supersedes" in error.value.message_dict


def test_nobody_verifies_their_own_report(staf, flood, report_of):
    report = report_of(staf, flood, PERIUK, state="submitted")
    with pytest.raises(ValidationError) as error:
        field_report_verify(user=staf, report=report)
    assert "state" in error.value.message_dict


def test_officer_cannot_verify(petugas_kota_tangerang, flood, report_of):
    report = report_of(petugas_kota_tangerang, flood, PERIUK, state="submitted")
    with pytest.raises(PermissionDenied):
        field_report_verify(user=petugas_kota_tangerang, report=report)


def test_return_needs_a_reason(staf, petugas_kota_tangerang, flood, report_of):
    report = report_of(petugas_kota_tangerang, flood, PERIUK, state="submitted")
    with pytest.raises(ValidationError) as error:
        field_report_return(user=staf, report=report, reason="  ")
    assert "reason" in error.value.message_dict
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_report_for_a_closed_disaster_is_refused(staf, petugas_kota_tangerang, flood, report_of):
    draft = report_of(petugas_kota_tangerang, flood, PERIUK, state="draft")
    disaster_change_status(user=staf, disaster=flood, status=EmergencyStatus.SELESAI)
    with pytest.raises(ValidationError) as error:
        report_of(petugas_kota_tangerang, flood, KARAWACI, state="draft")
    assert "ditutup" in error.value.message_dict["disaster"][0]
    with pytest.raises(ValidationError):
        field_report_submit(user=petugas_kota_tangerang, report=draft)
    assert FieldReport.objects.count() == 1


def test_needs_written_in_a_report_are_replaced_when_the_draft_is_edited(
    petugas_kota_tangerang, flood, report_of, reference_data
):
    from clusters.models import Cluster

    logistik, wash = Cluster.objects.get(code="logistik"), Cluster.objects.get(code="wash")
    report = report_of(
        petugas_kota_tangerang, flood, PERIUK, state="draft", needs=[{"cluster": logistik, "description": "Beras"}]
    )
    field_report_update(
        user=petugas_kota_tangerang,
        report=report,
        data={},
        needs=[{"cluster": wash, "description": "Air bersih", "people_in_need": 80}],
    )
    assert list(report.needs.values_list("cluster__code", "sector__code", "people_in_need")) == [
        ("wash", "pengungsian-perlindungan", 80)
    ]


def test_need_from_a_report_keeps_its_words_and_only_changes_status_once_verified(
    staf, petugas_kota_tangerang, flood, report_of
):
    from clusters.models import Cluster

    report = report_of(
        petugas_kota_tangerang,
        flood,
        PERIUK,
        state="submitted",
        needs=[{"cluster": Cluster.objects.get(code="logistik"), "description": "Beras"}],
    )
    need = report.needs.get()
    with pytest.raises(ValidationError):
        need_update(user=petugas_kota_tangerang, need=need, data={"status": "met"})
    field_report_verify(user=staf, report=report)
    with pytest.raises(ValidationError) as error:
        need_update(user=petugas_kota_tangerang, need=need, data={"description": "Diubah"})
    assert "description" in error.value.message_dict
    assert need_update(user=petugas_kota_tangerang, need=need, data={"status": "met"}).status == "met"


def test_coordinator_declares_needs_for_their_cluster_only(koordinator_logistik, flood, reference_data):
    from clusters.models import Cluster

    area = Region.objects.get(code=PERIUK_DESA)
    need = need_create(
        user=koordinator_logistik,
        disaster=flood,
        cluster=Cluster.objects.get(code="logistik"),
        area=area,
        description="Paket sembako",
        people_in_need=40,
    )
    assert need.kabkota_id == "36.71"
    with pytest.raises(ValidationError) as error:
        need_create(
            user=koordinator_logistik,
            disaster=flood,
            cluster=Cluster.objects.get(code="kesehatan"),
            area=area,
            description="Obat",
        )
    assert "area" in error.value.message_dict
    assert Need.objects.count() == 1


def test_observation_before_the_disaster_started_is_refused(petugas_kota_tangerang, flood, report_of):
    with pytest.raises(ValidationError) as error:
        report_of(petugas_kota_tangerang, flood, PERIUK, observed=at(10), state="draft")
    assert "observed_at" in error.value.message_dict
