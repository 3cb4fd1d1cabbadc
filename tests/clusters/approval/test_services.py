"""The two-level workflow in the services: kab/kota approval, province verification, returns at either level, the
lock, unapproval with a reason, withdrawal, and the refusals that change nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banten_dinsos.audit.models import AuditLog
from banten_dinsos.notifications.models import Alert, AlertKind, Delivery
from clusters.models import AreaLatestReport, FieldReport, ReportAction, ReportState
from clusters.services import (
    field_report_approve,
    field_report_return,
    field_report_submit,
    field_report_unapprove,
    field_report_update,
    field_report_verify,
    field_report_withdraw,
)

from ..conftest import at

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> list[str]:
    return [message for messages in error.message_dict.values() for message in messages]


def snapshot(report):
    """Everything a refused step must leave as it was."""
    report.refresh_from_db()
    return (
        report.state,
        report.approved_by_id,
        report.verified_by_id,
        report.events.count(),
        AuditLog.objects.count(),
        Alert.objects.count(),
    )


def test_two_levels_kabkota_approves_then_the_province_verifies_and_only_then_it_counts(
    submitted, koordinator_kota_tangerang, staf, petugas_kota_tangerang
):
    report = submitted()
    assert report.state == ReportState.SUBMITTED
    assert not AreaLatestReport.objects.filter(report_id=report.pk).exists()

    approved = field_report_approve(user=koordinator_kota_tangerang, report=report)
    assert approved.state == ReportState.APPROVED
    assert approved.approved_by == koordinator_kota_tangerang and approved.approved_at is not None
    assert not AreaLatestReport.objects.filter(report_id=report.pk).exists(), "approved is not yet verified"

    verified = field_report_verify(user=staf, report=approved)
    assert verified.state == ReportState.VERIFIED
    assert AreaLatestReport.objects.filter(report_id=report.pk).exists(), "verified reports count"
    assert list(verified.events.values_list("action", flat=True)) == [
        ReportAction.CREATE,
        ReportAction.SUBMIT,
        ReportAction.APPROVE,
        ReportAction.VERIFY,
    ]


def test_two_levels_the_province_cannot_skip_the_kabkota(submitted, staf):
    report = submitted()
    before = snapshot(report)
    with pytest.raises(ValidationError) as refused:
        field_report_verify(user=staf, report=report)
    assert messages_of(refused.value) == [
        "Bencana ini memakai dua tingkat persetujuan: koordinator kab/kota menyetujui laporan lebih dahulu."
    ]
    assert snapshot(report) == before


def test_one_level_the_province_verifies_directly_and_the_kabkota_has_nothing_to_approve(
    flood, report_of, petugas_kota_tangerang, koordinator_kota_tangerang, staf
):
    report = report_of(petugas_kota_tangerang, flood, "36.71.08", state="submitted")
    with pytest.raises(ValidationError) as refused:
        field_report_approve(user=koordinator_kota_tangerang, report=report)
    assert messages_of(refused.value) == ["Laporan bencana ini diverifikasi langsung oleh provinsi."]
    assert field_report_verify(user=staf, report=report).state == ReportState.VERIFIED


def test_approving_ones_own_report_is_refused_and_changes_nothing(submitted, koordinator_kota_tangerang):
    report = submitted(officer=koordinator_kota_tangerang)
    before = snapshot(report)
    with pytest.raises(ValidationError) as refused:
        field_report_approve(user=koordinator_kota_tangerang, report=report)
    assert messages_of(refused.value) == ["Anda tidak dapat menyetujui laporan yang Anda tulis atau kirim sendiri."]
    assert snapshot(report) == before


def test_approving_a_report_of_another_kabkota_is_refused(
    submitted, koordinator_tangsel, koordinator_kota_tangerang, petugas_tangsel
):
    report = submitted()
    before = snapshot(report)
    with pytest.raises(ValidationError) as refused:
        field_report_approve(user=koordinator_tangsel, report=report)
    assert messages_of(refused.value) == ["Wilayah ini di luar kabupaten/kota Anda."]
    assert snapshot(report) == before


def test_approving_twice_says_it_was_already_approved_and_adds_nothing(submitted, koordinator_kota_tangerang):
    report = field_report_approve(user=koordinator_kota_tangerang, report=submitted())
    before = snapshot(report)
    with pytest.raises(ValidationError) as refused:
        field_report_approve(user=koordinator_kota_tangerang, report=report)
    (message,) = messages_of(refused.value)
    assert message.startswith(f"Laporan #{report.pk} sudah disetujui oleh Koordinator Kota Tangerang pada ")
    assert message.endswith(" WIB.")
    assert snapshot(report) == before


def test_an_officer_cannot_approve(submitted, petugas_tangsel):
    report = submitted()
    with pytest.raises(PermissionDenied):
        field_report_approve(user=petugas_tangsel, report=report)


def test_approved_data_is_locked(submitted, koordinator_kota_tangerang, petugas_kota_tangerang, staf):
    report = field_report_approve(user=koordinator_kota_tangerang, report=submitted())
    with pytest.raises(ValidationError) as refused:
        field_report_update(user=petugas_kota_tangerang, report=report, data={"displaced": 41})
    assert "terkunci" in messages_of(refused.value)[0]
    report = field_report_verify(user=staf, report=report)
    with pytest.raises(ValidationError):
        field_report_update(user=petugas_kota_tangerang, report=report, data={"displaced": 41})
    report.refresh_from_db()
    assert report.displaced == 40


def test_kabkota_returns_with_a_reason_and_the_officer_corrects_and_resubmits(
    submitted, koordinator_kota_tangerang, petugas_kota_tangerang
):
    report = submitted()
    returned = field_report_return(user=koordinator_kota_tangerang, report=report, reason="Angka KK belum dicek.")
    assert returned.state == ReportState.RETURNED and returned.return_reason == "Angka KK belum dicek."
    corrected = field_report_update(user=petugas_kota_tangerang, report=returned, data={"affected_families": 36})
    again = field_report_submit(user=petugas_kota_tangerang, report=corrected)
    assert again.state == ReportState.SUBMITTED and again.affected_families == 36


def test_the_province_may_return_an_approved_report(submitted, koordinator_kota_tangerang, staf):
    report = field_report_approve(user=koordinator_kota_tangerang, report=submitted())
    assert field_report_return(user=staf, report=report, reason="Cek lagi.").state == ReportState.RETURNED


def test_unapproving_needs_a_reason_and_changes_nothing_without_one(submitted, koordinator_kota_tangerang, staf):
    report = field_report_verify(
        user=staf, report=field_report_approve(user=koordinator_kota_tangerang, report=submitted())
    )
    before = snapshot(report)
    with pytest.raises(ValidationError) as refused:
        field_report_unapprove(user=staf, report=report, reason="   ")
    assert refused.value.message_dict == {"reason": ["Tuliskan alasan persetujuan ditarik kembali."]}
    assert snapshot(report) == before
    assert AreaLatestReport.objects.filter(report_id=report.pk).exists()


def test_province_unapproves_a_verified_report_which_stops_counting_and_is_audited(
    submitted, koordinator_kota_tangerang, staf
):
    report = field_report_verify(
        user=staf, report=field_report_approve(user=koordinator_kota_tangerang, report=submitted())
    )
    back = field_report_unapprove(user=staf, report=report, reason="Angka pengungsi ganda dengan Pondok Aren.")
    assert back.state == ReportState.APPROVED and back.verified_by is None
    assert not AreaLatestReport.objects.filter(report_id=report.pk).exists(), "no longer counts"
    event = back.events.get(action=ReportAction.UNAPPROVE)
    assert event.actor == staf and event.note == "Angka pengungsi ganda dengan Pondok Aren."
    audit = AuditLog.objects.filter(object_id=str(report.pk), note__startswith="unapproved").get()
    assert audit.actor == staf and "Angka pengungsi ganda" in audit.note


def test_unapproving_a_verified_correction_puts_back_the_report_it_corrected(
    flood, report_of, petugas_kota_tangerang, staf
):
    import uuid

    from banten_dinsos.regions.models import Region
    from clusters.services import field_report_create

    original = report_of(petugas_kota_tangerang, flood, "36.71.08")
    correction, _ = field_report_create(
        user=petugas_kota_tangerang,
        disaster=flood,
        area=Region.objects.get(code="36.71.08"),
        observed_at=at(18, 9),
        idempotency_key=uuid.uuid4(),
        supersedes=original,
        affected_people=130,
        affected_families=30,
        displaced=25,
        submit=True,
    )
    correction = field_report_verify(user=staf, report=correction)
    original.refresh_from_db()
    assert original.state == ReportState.SUPERSEDED
    field_report_unapprove(user=staf, report=correction, reason="Koreksi keliru.")
    original.refresh_from_db()
    correction.refresh_from_db()
    assert (original.state, original.superseded_by_id) == (ReportState.VERIFIED, None)
    assert correction.state == ReportState.SUBMITTED, "one level: back in the province's queue"
    assert AreaLatestReport.objects.get(disaster=flood, area_id="36.71.08").report_id == original.pk


def test_kabkota_takes_back_its_approval_but_not_a_verification(submitted, koordinator_kota_tangerang, staf):
    report = field_report_approve(user=koordinator_kota_tangerang, report=submitted())
    back = field_report_unapprove(user=koordinator_kota_tangerang, report=report, reason="Salah pilih laporan.")
    assert back.state == ReportState.SUBMITTED and back.approved_by is None
    report = field_report_verify(user=staf, report=field_report_approve(user=koordinator_kota_tangerang, report=back))
    with pytest.raises(ValidationError) as refused:
        field_report_unapprove(user=koordinator_kota_tangerang, report=report, reason="Coba.")
    assert messages_of(refused.value) == ["Hanya provinsi yang dapat membatalkan persetujuan laporan terverifikasi."]


def test_the_officer_withdraws_a_submitted_or_approved_report_but_not_a_verified_one(
    submitted, petugas_kota_tangerang, koordinator_kota_tangerang, staf
):
    report = field_report_withdraw(user=petugas_kota_tangerang, report=submitted(), reason="Terkirim dua kali.")
    assert report.state == ReportState.DRAFT
    assert report.events.filter(action=ReportAction.WITHDRAW, note="Terkirim dua kali.").exists()
    approved = field_report_approve(user=koordinator_kota_tangerang, report=submitted())
    assert field_report_withdraw(user=petugas_kota_tangerang, report=approved).state == ReportState.DRAFT
    verified = field_report_verify(
        user=staf, report=field_report_approve(user=koordinator_kota_tangerang, report=submitted())
    )
    with pytest.raises(ValidationError) as refused:
        field_report_withdraw(user=petugas_kota_tangerang, report=verified)
    assert messages_of(refused.value) == ["Laporan terverifikasi tidak dapat ditarik; kirim koreksi."]


def test_only_the_author_withdraws(submitted, koordinator_kota_tangerang):
    report = submitted()
    before = snapshot(report)
    with pytest.raises(ValidationError) as refused:
        field_report_withdraw(user=koordinator_kota_tangerang, report=report)
    assert messages_of(refused.value) == ["Hanya penulis atau pengirim laporan yang dapat menariknya."]
    assert snapshot(report) == before


def test_each_step_alerts_the_people_concerned_only(
    submitted, petugas_kota_tangerang, koordinator_kota_tangerang, koordinator_tangsel, staf
):
    report = submitted()
    waiting = Alert.objects.get(kind=AlertKind.FIELD_REPORT_WAITING)
    assert set(waiting.deliveries.values_list("recipient__username", flat=True)) == {"koordinator.kota-tangerang"}

    field_report_return(user=koordinator_kota_tangerang, report=report, reason="Lengkapi jumlah KK.")
    returned = Alert.objects.get(kind=AlertKind.FIELD_REPORT_RETURNED)
    assert set(returned.deliveries.values_list("recipient__username", flat=True)) == {"petugas.kota-tangerang"}
    assert returned.title == "Laporan dikembalikan untuk diperbaiki: Periuk"
    assert "Alasan: Lengkapi jumlah KK." in returned.body

    report = field_report_submit(user=petugas_kota_tangerang, report=report)
    report = field_report_approve(user=koordinator_kota_tangerang, report=report)
    approved = Alert.objects.get(kind=AlertKind.FIELD_REPORT_APPROVED)
    assert set(approved.deliveries.values_list("recipient__username", flat=True)) == {"petugas.kota-tangerang"}
    to_province = Alert.objects.filter(kind=AlertKind.FIELD_REPORT_WAITING).latest("id")
    assert set(to_province.deliveries.values_list("recipient__username", flat=True)) == {"staf.provinsi"}

    field_report_verify(user=staf, report=report)
    verified = Alert.objects.filter(kind=AlertKind.FIELD_REPORT_APPROVED).latest("id")
    assert verified.title == "Laporan diverifikasi provinsi: Periuk"
    assert not Delivery.objects.filter(recipient=koordinator_tangsel).exists(), "another kab/kota hears nothing"


def test_a_returned_report_resubmitted_waits_again_with_a_new_alert(
    submitted, petugas_kota_tangerang, koordinator_kota_tangerang
):
    report = submitted()
    field_report_return(user=koordinator_kota_tangerang, report=report, reason="Cek.")
    field_report_submit(user=petugas_kota_tangerang, report=report)
    assert Alert.objects.filter(kind=AlertKind.FIELD_REPORT_WAITING).count() == 2


def test_likely_duplicates_are_flagged_in_the_queue(submitted, koordinator_kota_tangerang):
    from clusters.approval_selectors import likely_duplicates
    from clusters.selectors import verification_queue

    first = submitted(observed=at(18, 8))
    twin = submitted(observed=at(18, 10))
    other_figures = submitted(observed=at(18, 9), displaced=41)
    far = submitted(observed=at(18, 12))
    queue = list(verification_queue(user=koordinator_kota_tangerang))
    assert [report.pk for report in queue] == [first.pk, twin.pk, other_figures.pk, far.pk]
    found = likely_duplicates(queue)
    assert found == {first.pk: [twin.pk], twin.pk: [first.pk, far.pk], far.pk: [twin.pk]}
    assert FieldReport.objects.count() == 4
