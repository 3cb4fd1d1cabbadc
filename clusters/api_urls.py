from django.urls import path

from .apis import activities, approval, cluster_status, disasters, field_reports, intake, needs, reference

urlpatterns = [
    # First: clients poll cluster status (most polls answered 304), and Django tries the patterns in order.
    path("cluster-status/", cluster_status.ClusterStatusApi.as_view(), name="api-cluster-status"),
    path("cluster-status/impact/", cluster_status.ClusterImpactApi.as_view(), name="api-cluster-impact"),
    path("disaster-types/", reference.DisasterTypeListApi.as_view(), name="api-disaster-type-list"),
    path("disasters/", disasters.DisasterListCreateApi.as_view(), name="api-disaster-list"),
    path("disasters/<int:pk>/", disasters.DisasterDetailApi.as_view(), name="api-disaster-detail"),
    path("disasters/<int:pk>/status/", disasters.DisasterStatusApi.as_view(), name="api-disaster-status"),
    path("field-reports/", field_reports.FieldReportListCreateApi.as_view(), name="api-field-report-list"),
    path("field-reports/queue/", approval.FieldReportQueueApi.as_view(), name="api-field-report-queue"),
    path(
        "field-reports/completeness/",
        approval.ReportingCompletenessApi.as_view(),
        name="api-field-report-completeness",
    ),
    path("field-reports/<int:pk>/", field_reports.FieldReportDetailApi.as_view(), name="api-field-report-detail"),
    path("field-reports/<int:pk>/approve/", approval.FieldReportApproveApi.as_view(), name="api-field-report-approve"),
    path(
        "field-reports/<int:pk>/unapprove/",
        approval.FieldReportUnapproveApi.as_view(),
        name="api-field-report-unapprove",
    ),
    path(
        "field-reports/<int:pk>/withdraw/", approval.FieldReportWithdrawApi.as_view(), name="api-field-report-withdraw"
    ),
    path("disasters/<int:pk>/reporting/", approval.DisasterReportingApi.as_view(), name="api-disaster-reporting"),
    path("validation-rules/", approval.ValidationRuleListCreateApi.as_view(), name="api-validation-rule-list"),
    path("validation-rules/<int:pk>/", approval.ValidationRuleDetailApi.as_view(), name="api-validation-rule-detail"),
    path(
        "field-reports/<int:pk>/submit/", field_reports.FieldReportSubmitApi.as_view(), name="api-field-report-submit"
    ),
    path(
        "field-reports/<int:pk>/verify/", field_reports.FieldReportVerifyApi.as_view(), name="api-field-report-verify"
    ),
    path(
        "field-reports/<int:pk>/return/", field_reports.FieldReportReturnApi.as_view(), name="api-field-report-return"
    ),
    path("needs/", needs.NeedListCreateApi.as_view(), name="api-need-list"),
    path("needs/<int:pk>/", needs.NeedDetailApi.as_view(), name="api-need-detail"),
    path("activities/", activities.ActivityListCreateApi.as_view(), name="api-activity-list"),
    path("activities/<int:pk>/", activities.ActivityDetailApi.as_view(), name="api-activity-detail"),
    path("intake/<slug:slug>/", intake.IntakeSubmissionApi.as_view(), name="api-intake-submission"),
]
