"""Version 1 of the REST API: every endpoint reads through the same scoped selectors as the pages."""

from django.urls import include, path

from banten_dinsos.accounts.apis import MeApi, TokenObtainApi
from banten_dinsos.agencies.apis import AgencyListApi
from banten_dinsos.notifications.apis import NotificationListApi, NotificationReadApi
from banten_dinsos.regions.apis import RegionListApi
from banten_dinsos.reports.apis import ReportDetailApi, ReportDownloadApi, ReportListCreateApi
from clusters.apis.reference import ClusterListApi

urlpatterns = [
    # First: the most polled endpoints (cluster status, field reports); Django tries the patterns in order and every
    # app below is included at the same prefix, so each one placed before is scanned on every request to it.
    path("", include("clusters.api_urls")),
    path("auth/token/", TokenObtainApi.as_view(), name="api-token"),
    path("me/", MeApi.as_view(), name="api-me"),
    path("regions/", RegionListApi.as_view(), name="api-region-list"),
    path("agencies/", AgencyListApi.as_view(), name="api-agency-list"),
    path("clusters/", ClusterListApi.as_view(), name="api-cluster-list"),
    path("", include("shelters.api_urls")),
    path("", include("ksb_volunteers.api_urls")),
    path("pmks/", include("pmks_registry.api_urls")),
    path("", include("meetings.api_urls")),
    path("", include("jitupasna.api_urls")),
    path("", include("logistics.api_urls")),
    path("", include("health.api_urls")),
    path("", include("infrastructure.api_urls")),
    path("", include("banten_dinsos.field_app.api_urls")),
    path("notifications/", NotificationListApi.as_view(), name="api-notification-list"),
    path("notifications/read/", NotificationReadApi.as_view(), name="api-notification-read"),
    path("reports/", ReportListCreateApi.as_view(), name="api-report-list"),
    path("reports/<int:pk>/", ReportDetailApi.as_view(), name="api-report-detail"),
    path("reports/<int:pk>/download/", ReportDownloadApi.as_view(), name="api-report-download"),
]
