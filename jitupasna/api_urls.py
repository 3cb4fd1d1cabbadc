from django.urls import path

from .apis import assessments, documents, entries, input_status, reference, summary

urlpatterns = [
    path("jitupasna/sectors/", reference.SectorListApi.as_view(), name="api-jitupasna-sectors"),
    path("jitupasna/damage-factors/", reference.DamageFactorListApi.as_view(), name="api-jitupasna-damage-factors"),
    path("jitupasna/assessments/", assessments.AssessmentListCreateApi.as_view(), name="api-jitupasna-list"),
    path("jitupasna/assessments/<int:pk>/", assessments.AssessmentDetailApi.as_view(), name="api-jitupasna-detail"),
    path("jitupasna/assessments/<int:pk>/open/", assessments.AssessmentOpenApi.as_view(), name="api-jitupasna-open"),
    path(
        "jitupasna/assessments/<int:pk>/finalise/",
        assessments.AssessmentFinaliseApi.as_view(),
        name="api-jitupasna-finalise",
    ),
    path(
        "jitupasna/assessments/<int:pk>/prefill/",
        assessments.AssessmentPrefillApi.as_view(),
        name="api-jitupasna-prefill",
    ),
    path(
        "jitupasna/assessments/<int:pk>/summary/", summary.AssessmentSummaryApi.as_view(), name="api-jitupasna-summary"
    ),
    path("jitupasna/assessments/<int:pk>/input/", input_status.InputStatusApi.as_view(), name="api-jitupasna-input"),
    path(
        "jitupasna/assessments/<int:pk>/damage/",
        entries.DamageEntryListCreateApi.as_view(),
        name="api-jitupasna-damage",
    ),
    path(
        "jitupasna/assessments/<int:pk>/damage/<int:entry_pk>/",
        entries.DamageEntryDetailApi.as_view(),
        name="api-jitupasna-damage-detail",
    ),
    path("jitupasna/assessments/<int:pk>/losses/", entries.LossEntryListCreateApi.as_view(), name="api-jitupasna-loss"),
    path(
        "jitupasna/assessments/<int:pk>/losses/<int:entry_pk>/",
        entries.LossEntryDetailApi.as_view(),
        name="api-jitupasna-loss-detail",
    ),
    path(
        "jitupasna/assessments/<int:pk>/needs/", entries.NeedsEntryListCreateApi.as_view(), name="api-jitupasna-needs"
    ),
    path(
        "jitupasna/assessments/<int:pk>/needs/<int:entry_pk>/",
        entries.NeedsEntryDetailApi.as_view(),
        name="api-jitupasna-needs-detail",
    ),
    path(
        "jitupasna/assessments/<int:pk>/document.<str:fmt>",
        documents.AssessmentDocumentApi.as_view(),
        name="api-jitupasna-document",
    ),
]
