from django.urls import path

from . import views

app_name = "ksb_volunteers"

urlpatterns = [
    path("", views.member_index, name="member-list"),
    path("tagana/baru/", views.member_new, name="member-create"),
    path("tagana/cari/", views.availability_search, name="availability-search"),
    path("tagana/impor/", views.roster_import_new, name="import-create"),
    path("tagana/impor/<int:pk>/", views.roster_import_detail, name="import-detail"),
    path("tagana/<int:pk>/", views.member_detail, name="member-detail"),
    path("tagana/<int:pk>/ubah/", views.member_edit, name="member-edit"),
    path("tagana/<int:pk>/ketersediaan/", views.member_availability, name="member-availability"),
    path("ksb/", views.ksb_index, name="ksb-list"),
    path("ksb/baru/", views.ksb_new, name="ksb-create"),
    path("ksb/forum/", views.ksb_forum, name="ksb-forum"),
    path("ksb/<int:pk>/", views.ksb_detail, name="ksb-detail"),
    path("ksb/<int:pk>/ubah/", views.ksb_edit, name="ksb-edit"),
    path("ksb/<int:pk>/pengurus/", views.ksb_officer_add, name="ksb-officer-add"),
    path("ksb/<int:pk>/lumbung/", views.ksb_lumbung_save, name="ksb-lumbung-save"),
    path("ksb/<int:pk>/pemangku/", views.ksb_stakeholder_add, name="ksb-stakeholder-add"),
    path("ksb/<str:part>/<int:pk>/hapus/", views.ksb_part_remove, name="ksb-part-remove"),
    path("pelatihan/", views.training_index, name="training-list"),
    path("pelatihan/baru/", views.training_new, name="training-create"),
    path("pelatihan/<int:pk>/", views.training_detail, name="training-detail"),
    path("pelatihan/<int:pk>/peserta/", views.training_participant_add, name="training-participant-add"),
    path(
        "pelatihan/<int:pk>/peserta/<int:participation_pk>/hapus/",
        views.training_participant_remove,
        name="training-participant-remove",
    ),
    path("penugasan/", views.deployment_index, name="deployment-list"),
    path("penugasan/baru/", views.deployment_new, name="deployment-create"),
    path("penugasan/<int:pk>/", views.deployment_detail, name="deployment-detail"),
    path("penugasan/<int:pk>/selesai/", views.deployment_end, name="deployment-end"),
    path("penugasan/<int:pk>/laporan/", views.deployment_report, name="deployment-report"),
    path("penugasan/<int:pk>/batal/", views.deployment_cancel, name="deployment-cancel"),
    path("jadwal-piket/", views.roster_index, name="roster-index"),
    path("jadwal-piket/<str:kind>/<int:pk>/", views.roster, name="roster"),
]
