from django.urls import path

from . import apis

urlpatterns = [
    path("field-app/reference/", apis.ReferenceApi.as_view(), name="api-field-app-reference"),
    path(
        "field-app/reports/<int:pk>/photos/",
        apis.ReportPhotoListCreateApi.as_view(),
        name="api-field-app-report-photos",
    ),
    path(
        "field-app/reports/<int:pk>/location/",
        apis.ReportLocationApi.as_view(),
        name="api-field-app-report-location",
    ),
    path("field-app/evacuees/", apis.FieldEvacueeListApi.as_view(), name="api-field-app-evacuees"),
    path("field-app/evacuee-moves/", apis.EvacueeMoveOnceApi.as_view(), name="api-field-app-evacuee-move"),
    path("field-app/ldp-sessions/", apis.LdpSessionOnceApi.as_view(), name="api-field-app-ldp-session"),
]
