from django.urls import path

from .apis import action_items, input_rounds, meetings, minutes, participants

urlpatterns = [
    path("meetings/", meetings.MeetingListCreateApi.as_view(), name="api-meeting-list"),
    path("meetings/<int:pk>/", meetings.MeetingDetailApi.as_view(), name="api-meeting-detail"),
    path("meetings/<int:pk>/cancel/", meetings.MeetingCancelApi.as_view(), name="api-meeting-cancel"),
    path("meetings/<int:pk>/calendar.ics", meetings.MeetingIcsApi.as_view(), name="api-meeting-ics"),
    path(
        "meetings/<int:pk>/participants/",
        participants.ParticipantListCreateApi.as_view(),
        name="api-meeting-participants",
    ),
    path(
        "meetings/<int:pk>/participants/<int:participant_pk>/",
        participants.ParticipantDetailApi.as_view(),
        name="api-meeting-participant-detail",
    ),
    path("meetings/<int:pk>/attendance/", participants.AttendanceApi.as_view(), name="api-meeting-attendance"),
    path("meetings/<int:pk>/minutes/", minutes.MinutesApi.as_view(), name="api-meeting-minutes"),
    path("meetings/<int:pk>/minutes.pdf", minutes.MinutesPdfApi.as_view(), name="api-meeting-minutes-pdf"),
    path("meetings/<int:pk>/decisions/", minutes.DecisionListCreateApi.as_view(), name="api-meeting-decisions"),
    path(
        "meetings/<int:pk>/decisions/<int:decision_pk>/",
        minutes.DecisionDetailApi.as_view(),
        name="api-meeting-decision-detail",
    ),
    path("action-items/", action_items.ActionItemListCreateApi.as_view(), name="api-action-item-list"),
    path("action-items/<int:pk>/", action_items.ActionItemDetailApi.as_view(), name="api-action-item-detail"),
    path(
        "action-items/<int:pk>/progress/", action_items.ActionItemProgressApi.as_view(), name="api-action-item-progress"
    ),
    path("input-rounds/", input_rounds.InputRoundListCreateApi.as_view(), name="api-input-round-list"),
    path("input-rounds/<int:pk>/", input_rounds.InputRoundDetailApi.as_view(), name="api-input-round-detail"),
    path("input-rounds/<int:pk>/close/", input_rounds.InputRoundCloseApi.as_view(), name="api-input-round-close"),
    path(
        "input-rounds/<int:pk>/inputs/",
        input_rounds.DocumentInputListCreateApi.as_view(),
        name="api-input-round-inputs",
    ),
    path(
        "input-rounds/<int:pk>/document", input_rounds.InputRoundDocumentApi.as_view(), name="api-input-round-document"
    ),
]
