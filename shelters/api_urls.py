from django.urls import path

from . import apis

urlpatterns = [
    path("shelters/", apis.ShelterListCreateApi.as_view(), name="api-shelter-list"),
    path("shelters/<int:pk>/", apis.ShelterDetailApi.as_view(), name="api-shelter-detail"),
]
