from django.urls import path

from . import apis

urlpatterns = [
    path("meetings/", apis.MeetingListCreateApi.as_view(), name="api-meeting-list"),
    path("meetings/<int:pk>/", apis.MeetingDetailApi.as_view(), name="api-meeting-detail"),
    path("meetings/<int:pk>/cancel/", apis.MeetingCancelApi.as_view(), name="api-meeting-cancel"),
    path("meetings/<int:pk>/calendar.ics", apis.MeetingIcsApi.as_view(), name="api-meeting-ics"),
    path("meetings/<int:pk>/participants/", apis.ParticipantListCreateApi.as_view(), name="api-meeting-participants"),
    path(
        "meetings/<int:pk>/participants/<int:participant_pk>/",
        apis.ParticipantDetailApi.as_view(),
        name="api-meeting-participant-detail",
    ),
    path("meetings/<int:pk>/attendance/", apis.AttendanceApi.as_view(), name="api-meeting-attendance"),
    path("meetings/<int:pk>/minutes/", apis.MinutesApi.as_view(), name="api-meeting-minutes"),
    path("meetings/<int:pk>/minutes.pdf", apis.MinutesPdfApi.as_view(), name="api-meeting-minutes-pdf"),
    path("meetings/<int:pk>/decisions/", apis.DecisionListCreateApi.as_view(), name="api-meeting-decisions"),
    path(
        "meetings/<int:pk>/decisions/<int:decision_pk>/",
        apis.DecisionDetailApi.as_view(),
        name="api-meeting-decision-detail",
    ),
    path("action-items/", apis.ActionItemListCreateApi.as_view(), name="api-action-item-list"),
    path("action-items/<int:pk>/", apis.ActionItemDetailApi.as_view(), name="api-action-item-detail"),
    path("action-items/<int:pk>/progress/", apis.ActionItemProgressApi.as_view(), name="api-action-item-progress"),
    path("input-rounds/", apis.InputRoundListCreateApi.as_view(), name="api-input-round-list"),
    path("input-rounds/<int:pk>/", apis.InputRoundDetailApi.as_view(), name="api-input-round-detail"),
    path("input-rounds/<int:pk>/close/", apis.InputRoundCloseApi.as_view(), name="api-input-round-close"),
    path("input-rounds/<int:pk>/inputs/", apis.DocumentInputListCreateApi.as_view(), name="api-input-round-inputs"),
    path("input-rounds/<int:pk>/document", apis.InputRoundDocumentApi.as_view(), name="api-input-round-document"),
]
