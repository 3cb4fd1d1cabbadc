from django.urls import path

from . import apis

urlpatterns = [
    path("skills/", apis.SkillListApi.as_view(), name="api-volunteer-skill-list"),
    path("tagana/members/", apis.MemberListCreateApi.as_view(), name="api-tagana-member-list"),
    path("tagana/members/<int:pk>/", apis.MemberDetailApi.as_view(), name="api-tagana-member-detail"),
    path(
        "tagana/members/<int:pk>/availability/",
        apis.MemberAvailabilityApi.as_view(),
        name="api-tagana-member-availability",
    ),
    path("tagana/availability-search/", apis.AvailabilitySearchApi.as_view(), name="api-tagana-availability-search"),
    path("tagana/imports/", apis.RosterImportListCreateApi.as_view(), name="api-tagana-import-list"),
    path("tagana/imports/<int:pk>/", apis.RosterImportDetailApi.as_view(), name="api-tagana-import-detail"),
    path("ksb/units/", apis.KsbUnitListCreateApi.as_view(), name="api-ksb-unit-list"),
    path("ksb/units/<int:pk>/", apis.KsbUnitDetailApi.as_view(), name="api-ksb-unit-detail"),
    path("ksb/units/<int:pk>/officers/", apis.KsbOfficerCreateApi.as_view(), name="api-ksb-officer-create"),
    path("ksb/units/<int:pk>/lumbung/", apis.LumbungItemCreateApi.as_view(), name="api-ksb-lumbung-create"),
    path("ksb/units/<int:pk>/stakeholders/", apis.KsbStakeholderCreateApi.as_view(), name="api-ksb-stakeholder-create"),
    path("ksb/officers/<int:pk>/", apis.KsbOfficerDetailApi.as_view(), name="api-ksb-officer-detail"),
    path("ksb/lumbung/<int:pk>/", apis.LumbungItemDetailApi.as_view(), name="api-ksb-lumbung-detail"),
    path("ksb/stakeholders/<int:pk>/", apis.KsbStakeholderDetailApi.as_view(), name="api-ksb-stakeholder-detail"),
    path("ksb/forum/", apis.KsbForumApi.as_view(), name="api-ksb-forum"),
    path("trainings/", apis.TrainingListCreateApi.as_view(), name="api-training-list"),
    path("trainings/<int:pk>/", apis.TrainingDetailApi.as_view(), name="api-training-detail"),
    path(
        "trainings/<int:pk>/participants/",
        apis.TrainingParticipantCreateApi.as_view(),
        name="api-training-participant-create",
    ),
    path(
        "trainings/<int:pk>/participants/<int:participation_pk>/",
        apis.TrainingParticipantDetailApi.as_view(),
        name="api-training-participant-detail",
    ),
    path("deployments/", apis.DeploymentListCreateApi.as_view(), name="api-deployment-list"),
    path("deployments/<int:pk>/", apis.DeploymentDetailApi.as_view(), name="api-deployment-detail"),
    path("deployments/<int:pk>/end/", apis.DeploymentEndApi.as_view(), name="api-deployment-end"),
    path("deployments/<int:pk>/cancel/", apis.DeploymentCancelApi.as_view(), name="api-deployment-cancel"),
    path("deployments/<int:pk>/report/", apis.DeploymentReportApi.as_view(), name="api-deployment-report"),
    path("duty-roster/", apis.DutyRosterApi.as_view(), name="api-duty-roster"),
]
