from django.urls import path

from . import export_views, views

app_name = "pmks_registry"

urlpatterns = [
    path("", views.client_index, name="client-list"),
    path("cari-nik/", views.client_search_nik, name="client-search-nik"),
    path("baru/", views.client_new, name="client-create"),
    path("ekspor/", export_views.client_export, name="client-export"),
    path("<int:pk>/", views.client_detail, name="client-detail"),
    path("<int:pk>/ubah/", views.client_edit, name="client-edit"),
    path("<int:pk>/status/", views.client_status, name="client-status"),
    path("<int:pk>/layanan/", views.client_service_add, name="client-service"),
    path("<int:pk>/penempatan/", views.client_admit, name="client-admit"),
    path("<int:pk>/penempatan/<int:placement_pk>/keluar/", views.client_discharge, name="client-discharge"),
    path("duplikat/", views.duplicates, name="duplicates"),
    path("duplikat/gabung/", views.duplicates_merge, name="duplicates-merge"),
    path("impor/", views.import_index, name="import"),
    path("impor/templat.csv", views.import_template, {"fmt": "csv"}, name="import-template-csv"),
    path("impor/templat.xlsx", views.import_template, {"fmt": "xlsx"}, name="import-template-xlsx"),
    path("impor/<int:pk>/", views.import_detail, name="import-detail"),
    path("impor/<int:pk>/progres/", views.import_progress, name="import-progress"),
    path("impor/<int:pk>/laporan-galat/", views.import_error_report, name="import-errors"),
    path("statistik/", views.statistics, name="statistics"),
    path("statistik/xlsx/", views.statistics_export, name="statistics-export"),
    path("panti/", views.panti_index, name="panti-list"),
    path("panti/<int:pk>/", views.panti_detail, name="panti-detail"),
    path("laporan-subjek-data/", views.subject_report, name="subject-report"),
]
