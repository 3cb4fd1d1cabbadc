from django.urls import path

from . import views

app_name = "shelters"

urlpatterns = [
    path("", views.shelter_index, name="list"),
    path("baru/", views.shelter_new, name="create"),
    path("<int:pk>/", views.shelter_detail, name="detail"),
    path("<int:pk>/ubah/", views.shelter_edit, name="edit"),
]
