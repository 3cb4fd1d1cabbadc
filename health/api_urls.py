from django.urls import path

from . import apis

urlpatterns = [
    path("health/posts/", apis.HealthPostListCreateApi.as_view(), name="api-health-post-list"),
    path("health/posts/<int:pk>/", apis.HealthPostDetailApi.as_view(), name="api-health-post-detail"),
    path("health/consultations/", apis.ConsultationListCreateApi.as_view(), name="api-health-consultation-list"),
    path("health/consultations/<int:pk>/", apis.ConsultationDetailApi.as_view(), name="api-health-consultation-detail"),
    path("health/signals/", apis.SignalListApi.as_view(), name="api-health-signal-list"),
    path("health/signals/<int:pk>/close/", apis.SignalCloseApi.as_view(), name="api-health-signal-close"),
    path("health/complaints/", apis.ComplaintListApi.as_view(), name="api-health-complaint-list"),
]
