from django.urls import path

from . import views

app_name = "field_app"

urlpatterns = [
    path("", views.home, name="home"),
    path("laporan/", views.report, name="report"),
    path("hitung-pengungsi/", views.headcount, name="headcount"),
    path("sesi-ldp/", views.ldp_session, name="ldp-session"),
    path("pengungsi-keluar-masuk/", views.evacuee_move, name="evacuee-move"),
    path("foto/<int:pk>/", views.photo, name="photo"),
]
