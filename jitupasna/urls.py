from django.urls import path

from . import views

app_name = "jitupasna"

urlpatterns = [
    path("", views.assessment_index, name="list"),
    path("baru/", views.assessment_new, name="create"),
    path("referensi/", views.reference, name="reference"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/ubah/", views.assessment_edit, name="edit"),
    path("<int:pk>/buka-masukan/", views.assessment_open, name="open"),
    path("<int:pk>/final/", views.assessment_finalise, name="finalise"),
    path("<int:pk>/isi-dari-laporan/", views.assessment_prefill, name="prefill"),
    path("<int:pk>/masukan/kirim/", views.input_submit, name="input-submit"),
    path("<int:pk>/dokumen/status/", views.output_status, name="output-status"),
    path("<int:pk>/dokumen/<str:fmt>/", views.output_download, name="output"),
    path("<int:pk>/dokumen/<str:fmt>/buat/", views.output_request, name="output-request"),
    path("<int:pk>/kerusakan/", views.damage_index, name="damage-list"),
    path("<int:pk>/kerusakan/<int:entry_pk>/", views.damage_edit, name="damage-edit"),
    path("<int:pk>/kerusakan/<int:entry_pk>/hapus/", views.damage_delete, name="damage-delete"),
    path("<int:pk>/kerugian/", views.loss_index, name="loss-list"),
    path("<int:pk>/kerugian/<int:entry_pk>/", views.loss_edit, name="loss-edit"),
    path("<int:pk>/kerugian/<int:entry_pk>/hapus/", views.loss_delete, name="loss-delete"),
    path("<int:pk>/kebutuhan/", views.needs_index, name="needs-list"),
    path("<int:pk>/kebutuhan/<int:entry_pk>/", views.needs_edit, name="needs-edit"),
    path("<int:pk>/kebutuhan/<int:entry_pk>/hapus/", views.needs_delete, name="needs-delete"),
]
