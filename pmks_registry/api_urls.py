from django.urls import path

from .apis import clients, statistics, types

urlpatterns = [
    path("types/", types.PmksTypeListApi.as_view(), name="api-pmks-type-list"),
    path("clients/", clients.ClientListCreateApi.as_view(), name="api-pmks-client-list"),
    path("clients/search/", clients.ClientSearchApi.as_view(), name="api-pmks-client-search"),
    path("clients/<int:pk>/", clients.ClientDetailApi.as_view(), name="api-pmks-client-detail"),
    path("clients/<int:pk>/status/", clients.ClientStatusApi.as_view(), name="api-pmks-client-status"),
    path("statistics/", statistics.StatisticsApi.as_view(), name="api-pmks-statistics"),
]
