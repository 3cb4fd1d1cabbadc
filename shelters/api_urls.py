from django.urls import path

from .apis import evacuees, ldp, occupancy, shelters

urlpatterns = [
    path("shelters/", shelters.ShelterListCreateApi.as_view(), name="api-shelter-list"),
    path("shelters/map/", shelters.ShelterMapApi.as_view(), name="api-shelter-map"),
    path("shelters/<int:pk>/", shelters.ShelterDetailApi.as_view(), name="api-shelter-detail"),
    path("shelters/<int:pk>/occupancy/", occupancy.OccupancyListCreateApi.as_view(), name="api-shelter-occupancy"),
    path("evacuees/", evacuees.EvacueeListCreateApi.as_view(), name="api-evacuee-list"),
    path("evacuees/search/", evacuees.EvacueeNikSearchApi.as_view(), name="api-evacuee-search"),
    path("evacuees/<int:pk>/", evacuees.EvacueeDetailApi.as_view(), name="api-evacuee-detail"),
    path("evacuees/<int:pk>/moves/", evacuees.EvacueeMoveApi.as_view(), name="api-evacuee-move"),
    path("ldp/posts/", ldp.LdpPostListCreateApi.as_view(), name="api-ldp-post-list"),
    path("ldp/sessions/", ldp.LdpSessionListCreateApi.as_view(), name="api-ldp-session-list"),
    path("ldp/referrals/<int:pk>/", ldp.LdpReferralDetailApi.as_view(), name="api-ldp-referral-detail"),
]
