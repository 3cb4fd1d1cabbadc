from django.urls import path

from . import apis

urlpatterns = [
    path("shelters/", apis.ShelterListCreateApi.as_view(), name="api-shelter-list"),
    path("shelters/map/", apis.ShelterMapApi.as_view(), name="api-shelter-map"),
    path("shelters/<int:pk>/", apis.ShelterDetailApi.as_view(), name="api-shelter-detail"),
    path("shelters/<int:pk>/occupancy/", apis.OccupancyListCreateApi.as_view(), name="api-shelter-occupancy"),
    path("evacuees/", apis.EvacueeListCreateApi.as_view(), name="api-evacuee-list"),
    path("evacuees/search/", apis.EvacueeNikSearchApi.as_view(), name="api-evacuee-search"),
    path("evacuees/<int:pk>/", apis.EvacueeDetailApi.as_view(), name="api-evacuee-detail"),
    path("evacuees/<int:pk>/moves/", apis.EvacueeMoveApi.as_view(), name="api-evacuee-move"),
    path("ldp/posts/", apis.LdpPostListCreateApi.as_view(), name="api-ldp-post-list"),
    path("ldp/sessions/", apis.LdpSessionListCreateApi.as_view(), name="api-ldp-session-list"),
    path("ldp/referrals/<int:pk>/", apis.LdpReferralDetailApi.as_view(), name="api-ldp-referral-detail"),
]
