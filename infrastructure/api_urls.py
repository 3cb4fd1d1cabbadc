from django.urls import path

from . import apis

urlpatterns = [
    path("access/statuses/", apis.AccessStatusListCreateApi.as_view(), name="api-access-status-list"),
    path("access/areas/", apis.AreaAccessListApi.as_view(), name="api-access-area-list"),
    path("access/export.csv", apis.AccessExportApi.as_view(), name="api-access-export"),
]
