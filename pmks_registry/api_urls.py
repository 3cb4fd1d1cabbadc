from django.urls import path

from . import apis

urlpatterns = [
    path("types/", apis.PmksTypeListApi.as_view(), name="api-pmks-type-list"),
    path("clients/", apis.ClientListCreateApi.as_view(), name="api-pmks-client-list"),
    path("clients/search/", apis.ClientSearchApi.as_view(), name="api-pmks-client-search"),
    path("clients/<int:pk>/", apis.ClientDetailApi.as_view(), name="api-pmks-client-detail"),
    path("clients/<int:pk>/status/", apis.ClientStatusApi.as_view(), name="api-pmks-client-status"),
    path("statistics/", apis.StatisticsApi.as_view(), name="api-pmks-statistics"),
]
