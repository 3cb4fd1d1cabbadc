from django.urls import path

from . import views

app_name = "infrastructure"

urlpatterns = [
    path("", views.area_index, name="area-list"),
    path("baru/", views.status_new, name="status-create"),
    path("<int:disaster>/<str:area>/", views.area_detail, name="area-detail"),
]
