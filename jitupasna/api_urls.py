from django.urls import path

from . import apis

urlpatterns = [
    path("jitupasna/sectors/", apis.SectorListApi.as_view(), name="api-jitupasna-sectors"),
    path("jitupasna/damage-factors/", apis.DamageFactorListApi.as_view(), name="api-jitupasna-damage-factors"),
    path("jitupasna/assessments/", apis.AssessmentListCreateApi.as_view(), name="api-jitupasna-list"),
    path("jitupasna/assessments/<int:pk>/", apis.AssessmentDetailApi.as_view(), name="api-jitupasna-detail"),
    path("jitupasna/assessments/<int:pk>/open/", apis.AssessmentOpenApi.as_view(), name="api-jitupasna-open"),
    path(
        "jitupasna/assessments/<int:pk>/finalise/", apis.AssessmentFinaliseApi.as_view(), name="api-jitupasna-finalise"
    ),
    path("jitupasna/assessments/<int:pk>/prefill/", apis.AssessmentPrefillApi.as_view(), name="api-jitupasna-prefill"),
    path("jitupasna/assessments/<int:pk>/summary/", apis.AssessmentSummaryApi.as_view(), name="api-jitupasna-summary"),
    path("jitupasna/assessments/<int:pk>/input/", apis.InputStatusApi.as_view(), name="api-jitupasna-input"),
    path(
        "jitupasna/assessments/<int:pk>/damage/", apis.DamageEntryListCreateApi.as_view(), name="api-jitupasna-damage"
    ),
    path(
        "jitupasna/assessments/<int:pk>/damage/<int:entry_pk>/",
        apis.DamageEntryDetailApi.as_view(),
        name="api-jitupasna-damage-detail",
    ),
    path("jitupasna/assessments/<int:pk>/losses/", apis.LossEntryListCreateApi.as_view(), name="api-jitupasna-loss"),
    path(
        "jitupasna/assessments/<int:pk>/losses/<int:entry_pk>/",
        apis.LossEntryDetailApi.as_view(),
        name="api-jitupasna-loss-detail",
    ),
    path("jitupasna/assessments/<int:pk>/needs/", apis.NeedsEntryListCreateApi.as_view(), name="api-jitupasna-needs"),
    path(
        "jitupasna/assessments/<int:pk>/needs/<int:entry_pk>/",
        apis.NeedsEntryDetailApi.as_view(),
        name="api-jitupasna-needs-detail",
    ),
    path(
        "jitupasna/assessments/<int:pk>/document.<str:fmt>",
        apis.AssessmentDocumentApi.as_view(),
        name="api-jitupasna-document",
    ),
]
