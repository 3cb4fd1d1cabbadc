from django.urls import path

from . import approval_views, intake_views, views

app_name = "clusters"

urlpatterns = [
    path("", views.disaster_index, name="disaster-list"),
    path("baru/", views.disaster_new, name="disaster-create"),
    path("<int:pk>/", views.disaster_detail, name="disaster-detail"),
    path("<int:pk>/status/", views.disaster_status, name="disaster-status"),
    path("dari-peringatan/<int:warning_pk>/", views.disaster_from_warning, name="disaster-from-warning"),
    path("<int:pk>/laporan/baru/", views.report_new, name="report-create"),
    path("laporan/saya/", views.report_mine, name="report-mine"),
    path("laporan/verifikasi/", views.report_queue, name="report-queue"),
    path("laporan/<int:pk>/", views.report_detail, name="report-detail"),
    path("laporan/<int:pk>/ubah/", views.report_edit, name="report-edit"),
    path("laporan/<int:pk>/koreksi/", views.report_correct, name="report-correct"),
    path("laporan/<int:pk>/kirim/", views.report_submit, name="report-submit"),
    path("laporan/<int:pk>/verifikasi/", views.report_verify, name="report-verify"),
    path("laporan/<int:pk>/kembalikan/", views.report_return, name="report-return"),
    path("laporan/<int:pk>/setujui/", approval_views.report_approve, name="report-approve"),
    path("laporan/<int:pk>/batalkan-persetujuan/", approval_views.report_unapprove, name="report-unapprove"),
    path("laporan/<int:pk>/tarik/", approval_views.report_withdraw, name="report-withdraw"),
    path("<int:pk>/persetujuan/", approval_views.disaster_reporting, name="disaster-reporting"),
    path("<int:pk>/kelengkapan/", approval_views.disaster_completeness, name="disaster-completeness"),
    path("aturan-validasi/", approval_views.rule_index, name="rule-list"),
    path("aturan-validasi/baru/", approval_views.rule_new, name="rule-create"),
    path("aturan-validasi/<int:pk>/", approval_views.rule_edit, name="rule-edit"),
    path("aturan-validasi/bawaan/", approval_views.rule_load_defaults, name="rule-load-defaults"),
    path("kiriman-formulir/", intake_views.intake_index, name="intake-list"),
]
