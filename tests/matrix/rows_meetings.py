"""Coordination meetings: invitations, attendance, minutes and decisions, action items, document input rounds."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from banten_dinsos.agencies.models import Agency
from clusters.models import Cluster
from meetings.models import MeetingKind
from meetings.services import (
    action_item_create,
    decision_add,
    input_round_open,
    meeting_create,
    minutes_pdf_build,
    minutes_pdf_request,
    participant_invite,
)

from .spec import row
from .world import KOORDINATOR_CLUSTER

WIB = ZoneInfo("Asia/Jakarta")

BUILD_ORDER = 50
# Allowed writes (a form answer or a success here) are proven by:
COVERED = "tests/meetings/ (test_views, test_apis, test_action_items, test_attendance, test_input_rounds)"


def build(w):
    lebak_dinsos = Agency.objects.get(code="dinsos-3602")
    w.meeting = meeting_create(
        user=w.staf,
        kind=MeetingKind.RAKOR,
        title="Rapat Matriks Banjir Lebak",
        starts_at=datetime(2026, 1, 26, 9, tzinfo=WIB),
        ends_at=datetime(2026, 1, 26, 12, tzinfo=WIB),
        place="Aula Dinas Sosial Kabupaten Lebak",
        chair="Kepala Dinas Sosial Provinsi Banten",
        organizer=Agency.objects.get(code="dinsos-banten"),
        disaster=w.disaster,
        clusters=Cluster.objects.filter(code=KOORDINATOR_CLUSTER),
        agenda=[{"title": "Laporan situasi", "presenter": "BPBD Lebak"}],
    )
    w.participant = participant_invite(
        user=w.staf, meeting=w.meeting, name="Peserta Matriks", organisation="KSB Muara Ciujung"
    )
    w.decision = decision_add(user=w.staf, meeting=w.meeting, text="Keputusan Matriks: buka dapur umum")
    w.action_item = action_item_create(
        user=w.staf,
        meeting=w.meeting,
        title="Tindak Lanjut Matriks Lebak",
        owner_agency=lebak_dinsos,
        due_on=date(2026, 2, 2),
    )
    w.input_round = input_round_open(
        user=w.staf,
        meeting=w.meeting,
        title="Draf Matriks Rencana Aksi Lebak",
        deadline=timezone.now() + timedelta(days=7),
        agencies=[lebak_dinsos],
        document=SimpleUploadedFile("draf.pdf", b"%PDF-1.4 draf", content_type="application/pdf"),
    )
    minutes_pdf_request(user=w.staf, meeting=w.meeting)
    minutes_pdf_build(meeting_id=w.meeting.pk)


ROWS = [
    row("meetings:list", text=lambda w: w.meeting.title, GET="login 403 200 200x 200 200"),  # rapat/
    row("meetings:calendar", GET="login 403 200. 200. 200. 200."),  # rapat/kalender/
    row(
        "meetings:create", covered_by=COVERED, GET="login 403 403 403 200. 200.", POST="login 403 403 403 200. 200."
    ),  # rapat/baru/
    row(
        "meetings:detail",
        kw=lambda w: {"pk": w.meeting.pk},
        text=lambda w: w.meeting.title,
        GET="login 403 200 404 200 200",
    ),  # rapat/<int:pk>/
    row(
        "meetings:edit",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.meeting.pk},
        text=lambda w: w.meeting.title,
        GET="login 403 403 404 200 200",
        POST="login 403 403 404 200 200",
    ),  # rapat/<int:pk>/ubah/
    row(
        "meetings:cancel",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.meeting.pk},
        GET="login - - - - 405",
        POST="login 403 403 404 3xx 3xx",
    ),  # rapat/<int:pk>/batal/
    row(
        "meetings:ics",
        kw=lambda w: {"pk": w.meeting.pk},
        text=lambda w: w.meeting.title,
        GET="login 403 200 404 200 200",
    ),  # rapat/<int:pk>/rapat.ics
    row(
        "meetings:participants",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.meeting.pk},
        text=lambda w: w.participant.name,
        GET="login 403 403 404 200 200",
        POST="login 403 403 404 400 400",
    ),  # rapat/<int:pk>/undangan/
    row(
        "meetings:participant-remove",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.meeting.pk, "participant_pk": w.participant.pk},
        GET="login - - - - 405",
        POST="login 403 403 404 3xx 3xx",
    ),  # rapat/<int:pk>/undangan/<int:participant_pk>/hapus/
    row(
        "meetings:attendance",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.meeting.pk},
        text=lambda w: w.participant.name,
        GET="login 403 403 404 200 200",
        POST="login 403 403 404 400 400",
    ),  # rapat/<int:pk>/kehadiran/
    row(
        "meetings:attendance-sheet",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.meeting.pk},
        text=lambda w: w.participant.name,
        GET="login 403 200 404 200 200",
        POST="login 403 200 404 200 200",
    ),  # rapat/<int:pk>/daftar-hadir/
    row(
        "meetings:minutes",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.meeting.pk},
        text=lambda w: w.decision.text,
        GET="login 403 403 404 200 200",
        POST="login 403 403 404 3xx 3xx",
    ),  # rapat/<int:pk>/notulen/
    row(
        "meetings:decision-delete",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.meeting.pk, "decision_pk": w.decision.pk},
        GET="login - - - - 405",
        POST="login 403 403 404 3xx 3xx",
    ),  # rapat/<int:pk>/notulen/keputusan/<int:decision_pk>/hapus/
    row(
        "meetings:minutes-pdf-request",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.meeting.pk},
        GET="login - - - - 405",
        POST="login 403 403 404 3xx 3xx",
    ),  # rapat/<int:pk>/notulen/pdf/buat/
    row(
        "meetings:minutes-pdf-status",
        kw=lambda w: {"pk": w.meeting.pk},
        text=lambda w: 'id="minutes-pdf"',
        GET="login 403 200 404 200 200",
    ),  # rapat/<int:pk>/notulen/pdf/status/
    row(
        "meetings:minutes-pdf",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.meeting.pk},
        GET="login 403 200. 404 200. 200.",
        POST="login 403 200. 404 200. 200.",
    ),  # rapat/<int:pk>/notulen.pdf
    row(
        "meetings:action-item-create",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.meeting.pk},
        GET="login 403 403 404 200. 200.",
        POST="login 403 403 404 200. 200.",
    ),  # rapat/<int:pk>/tindak-lanjut/baru/
    row(
        "meetings:action-item-list", text=lambda w: w.action_item.title, GET="login 403 200 200x 200 200"
    ),  # rapat/tindak-lanjut/
    row(
        "meetings:action-item-detail",
        kw=lambda w: {"pk": w.action_item.pk},
        text=lambda w: w.action_item.title,
        GET="login 403 200 404 200 200",
    ),  # rapat/tindak-lanjut/<int:pk>/
    row(
        "meetings:action-item-edit",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.action_item.pk},
        text=lambda w: w.action_item.title,
        GET="login 403 403 404 200 200",
        POST="login 403 403 404 200 200",
    ),  # rapat/tindak-lanjut/<int:pk>/ubah/
    row(
        "meetings:input-round-list", text=lambda w: w.input_round.title, GET="login 403 200 200x 200 200"
    ),  # rapat/masukan/
    row(
        "meetings:input-round-create",
        covered_by=COVERED,
        GET="login 403 403 403 200. 200.",
        POST="login 403 403 403 200. 200.",
    ),  # rapat/masukan/baru/
    row(
        "meetings:input-round-detail",
        kw=lambda w: {"pk": w.input_round.pk},
        text=lambda w: w.input_round.title,
        GET="login 403 200 404 200 200",
    ),  # rapat/masukan/<int:pk>/
    row(
        "meetings:input-round-close",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.input_round.pk},
        GET="login - - - - 405",
        POST="login 403 403 404 3xx 3xx",
    ),  # rapat/masukan/<int:pk>/tutup/
    row(
        "meetings:input-round-document", kw=lambda w: {"pk": w.input_round.pk}, GET="login 403 200. 404 200. 200."
    ),  # rapat/masukan/<int:pk>/draf/
    row(
        "api-meeting-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.meeting.title,
        GET="403 403 200 200x 200 200",
        POST="403 400 400 400 400 400",
    ),  # api/v1/meetings/
    row(
        "api-meeting-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.meeting.pk},
        text=lambda w: w.meeting.title,
        GET="403 403 200 404 200 200",
        PATCH="403 403 403 404 200 200",
    ),  # api/v1/meetings/<int:pk>/
    row(
        "api-meeting-cancel",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.meeting.pk},
        POST="403 403 403 404 400 400",
    ),  # api/v1/meetings/<int:pk>/cancel/
    row(
        "api-meeting-ics",
        api=True,
        kw=lambda w: {"pk": w.meeting.pk},
        text=lambda w: w.meeting.title,
        GET="403 403 200 404 200 200",
    ),  # api/v1/meetings/<int:pk>/calendar.ics
    row(
        "api-meeting-participants",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.meeting.pk},
        text=lambda w: w.participant.name,
        GET="403 403 200 404 200 200",
        POST="403 403 403 404 400 400",
    ),  # api/v1/meetings/<int:pk>/participants/
    row(
        "api-meeting-participant-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.meeting.pk, "participant_pk": w.participant.pk},
        DELETE="403 403 403 404 204 204",
    ),  # api/v1/meetings/<int:pk>/participants/<int:participant_pk>/
    row(
        "api-meeting-attendance",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.meeting.pk},
        GET="403 403 200. 404 200. 200.",
        POST="403 403 400 404 400 400",
    ),  # api/v1/meetings/<int:pk>/attendance/
    row(
        "api-meeting-minutes",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.meeting.pk},
        PUT="403 403 400 404 400 400",
    ),  # api/v1/meetings/<int:pk>/minutes/
    row(
        "api-meeting-minutes-pdf",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.meeting.pk},
        GET="403 403 200. 404 200. 200.",
        POST="403 403 403 404 202 202",
    ),  # api/v1/meetings/<int:pk>/minutes.pdf
    row(
        "api-meeting-decisions",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.meeting.pk},
        text=lambda w: w.decision.text,
        GET="403 403 200 404 200 200",
        POST="403 403 400 404 400 400",
    ),  # api/v1/meetings/<int:pk>/decisions/
    row(
        "api-meeting-decision-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.meeting.pk, "decision_pk": w.decision.pk},
        PATCH="403 403 400 404 400 400",
        DELETE="403 403 403 404 204 204",
    ),  # api/v1/meetings/<int:pk>/decisions/<int:decision_pk>/
    row(
        "api-action-item-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.action_item.title,
        GET="403 403 200 200x 200 200",
        POST="403 400 400 400 400 400",
    ),  # api/v1/action-items/
    row(
        "api-action-item-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.action_item.pk},
        text=lambda w: w.action_item.title,
        GET="403 403 200 404 200 200",
        PATCH="403 403 403 404 200 200",
    ),  # api/v1/action-items/<int:pk>/
    row(
        "api-action-item-progress",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.action_item.pk},
        POST="403 403 400 404 400 400",
    ),  # api/v1/action-items/<int:pk>/progress/
    row(
        "api-input-round-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.input_round.title,
        GET="403 403 200 200x 200 200",
        POST="403 400 400 400 400 400",
    ),  # api/v1/input-rounds/
    row(
        "api-input-round-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.input_round.pk},
        text=lambda w: w.input_round.title,
        GET="403 403 200 404 200 200",
        PATCH="403 403 403 404 200 200",
    ),  # api/v1/input-rounds/<int:pk>/
    row(
        "api-input-round-close",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.input_round.pk},
        POST="403 403 403 404 200. 200.",
    ),  # api/v1/input-rounds/<int:pk>/close/
    row(
        "api-input-round-inputs",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.input_round.pk},
        GET="403 403 200. 404 200. 200.",
        POST="403 403 400 404 400 400",
    ),  # api/v1/input-rounds/<int:pk>/inputs/
    row(
        "api-input-round-document", api=True, kw=lambda w: {"pk": w.input_round.pk}, GET="403 403 200. 404 200. 200."
    ),  # api/v1/input-rounds/<int:pk>/document
]
