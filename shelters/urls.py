from django.urls import path

from . import views

app_name = "shelters"

urlpatterns = [
    path("", views.shelter_index, name="list"),
    path("peta/", views.shelter_map, name="map"),
    path("baru/", views.shelter_new, name="create"),
    path("<int:pk>/", views.shelter_detail, name="detail"),
    path("<int:pk>/ubah/", views.shelter_edit, name="edit"),
    path("<int:pk>/jumlah/", views.occupancy_new, name="occupancy-create"),
    path("<int:pk>/ldp/", views.ldp_session_new, name="ldp-create"),
    path("pengungsi/", views.evacuee_index, name="evacuee-list"),
    path("pengungsi/cari-nik/", views.evacuee_nik_search, name="evacuee-nik-search"),
    path("pengungsi/baru/", views.evacuee_new, name="evacuee-create"),
    path("pengungsi/<int:pk>/", views.evacuee_detail, name="evacuee-detail"),
    path("pengungsi/<int:pk>/pindah/", views.evacuee_move, name="evacuee-move"),
    path("pengungsi/<int:pk>/pmks/", views.evacuee_to_pmks, name="evacuee-to-pmks"),
]
