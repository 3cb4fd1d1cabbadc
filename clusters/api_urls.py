from django.urls import path

from . import apis, intake_apis

urlpatterns = [
    path("disaster-types/", apis.DisasterTypeListApi.as_view(), name="api-disaster-type-list"),
    path("disasters/", apis.DisasterListCreateApi.as_view(), name="api-disaster-list"),
    path("disasters/<int:pk>/", apis.DisasterDetailApi.as_view(), name="api-disaster-detail"),
    path("disasters/<int:pk>/status/", apis.DisasterStatusApi.as_view(), name="api-disaster-status"),
    path("field-reports/", apis.FieldReportListCreateApi.as_view(), name="api-field-report-list"),
    path("field-reports/<int:pk>/", apis.FieldReportDetailApi.as_view(), name="api-field-report-detail"),
    path("field-reports/<int:pk>/submit/", apis.FieldReportSubmitApi.as_view(), name="api-field-report-submit"),
    path("field-reports/<int:pk>/verify/", apis.FieldReportVerifyApi.as_view(), name="api-field-report-verify"),
    path("field-reports/<int:pk>/return/", apis.FieldReportReturnApi.as_view(), name="api-field-report-return"),
    path("needs/", apis.NeedListCreateApi.as_view(), name="api-need-list"),
    path("needs/<int:pk>/", apis.NeedDetailApi.as_view(), name="api-need-detail"),
    path("activities/", apis.ActivityListCreateApi.as_view(), name="api-activity-list"),
    path("activities/<int:pk>/", apis.ActivityDetailApi.as_view(), name="api-activity-detail"),
    path("cluster-status/", apis.ClusterStatusApi.as_view(), name="api-cluster-status"),
    path("cluster-status/impact/", apis.ClusterImpactApi.as_view(), name="api-cluster-impact"),
    path("intake/<slug:slug>/", intake_apis.IntakeSubmissionApi.as_view(), name="api-intake-submission"),
]
