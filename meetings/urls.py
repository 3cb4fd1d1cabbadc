from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_index, name="list"),
    path("kalender/", views.meeting_calendar, name="calendar"),
    path("baru/", views.meeting_new, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/ubah/", views.meeting_edit, name="edit"),
    path("<int:pk>/batal/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/rapat.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/undangan/", views.participant_manage, name="participants"),
    path("<int:pk>/undangan/<int:participant_pk>/hapus/", views.participant_remove, name="participant-remove"),
    path("<int:pk>/kehadiran/", views.attendance, name="attendance"),
    path("<int:pk>/daftar-hadir/", views.attendance_sheet, name="attendance-sheet"),
    path("<int:pk>/notulen/", views.minutes_edit, name="minutes"),
    path("<int:pk>/notulen/keputusan/<int:decision_pk>/hapus/", views.decision_delete, name="decision-delete"),
    path("<int:pk>/notulen/pdf/buat/", views.minutes_pdf_request, name="minutes-pdf-request"),
    path("<int:pk>/notulen.pdf", views.minutes_pdf_download, name="minutes-pdf"),
    path("<int:pk>/notulen/pdf/status/", views.minutes_pdf_status, name="minutes-pdf-status"),
    path("<int:pk>/tindak-lanjut/baru/", views.action_item_new, name="action-item-create"),
    path("tindak-lanjut/", views.action_item_index, name="action-item-list"),
    path("tindak-lanjut/<int:pk>/", views.action_item_detail, name="action-item-detail"),
    path("tindak-lanjut/<int:pk>/ubah/", views.action_item_edit, name="action-item-edit"),
    path("masukan/", views.input_round_index, name="input-round-list"),
    path("masukan/baru/", views.input_round_new, name="input-round-create"),
    path("masukan/<int:pk>/", views.input_round_detail, name="input-round-detail"),
    path("masukan/<int:pk>/tutup/", views.input_round_close, name="input-round-close"),
    path("masukan/<int:pk>/draf/", views.input_round_document, name="input-round-document"),
]
