from django.urls import path

from .apis import deployments, imports, ksb, members, roster, skills, trainings

urlpatterns = [
    path("skills/", skills.SkillListApi.as_view(), name="api-volunteer-skill-list"),
    path("tagana/members/", members.MemberListCreateApi.as_view(), name="api-tagana-member-list"),
    path("tagana/members/<int:pk>/", members.MemberDetailApi.as_view(), name="api-tagana-member-detail"),
    path(
        "tagana/members/<int:pk>/availability/",
        members.MemberAvailabilityApi.as_view(),
        name="api-tagana-member-availability",
    ),
    path(
        "tagana/availability-search/",
        members.AvailabilitySearchApi.as_view(),
        name="api-tagana-availability-search",
    ),
    path("tagana/imports/", imports.RosterImportListCreateApi.as_view(), name="api-tagana-import-list"),
    path("tagana/imports/<int:pk>/", imports.RosterImportDetailApi.as_view(), name="api-tagana-import-detail"),
    path("ksb/units/", ksb.KsbUnitListCreateApi.as_view(), name="api-ksb-unit-list"),
    path("ksb/units/<int:pk>/", ksb.KsbUnitDetailApi.as_view(), name="api-ksb-unit-detail"),
    path("ksb/units/<int:pk>/officers/", ksb.KsbOfficerCreateApi.as_view(), name="api-ksb-officer-create"),
    path("ksb/units/<int:pk>/lumbung/", ksb.LumbungItemCreateApi.as_view(), name="api-ksb-lumbung-create"),
    path("ksb/units/<int:pk>/stakeholders/", ksb.KsbStakeholderCreateApi.as_view(), name="api-ksb-stakeholder-create"),
    path("ksb/officers/<int:pk>/", ksb.KsbOfficerDetailApi.as_view(), name="api-ksb-officer-detail"),
    path("ksb/lumbung/<int:pk>/", ksb.LumbungItemDetailApi.as_view(), name="api-ksb-lumbung-detail"),
    path("ksb/stakeholders/<int:pk>/", ksb.KsbStakeholderDetailApi.as_view(), name="api-ksb-stakeholder-detail"),
    path("ksb/forum/", ksb.KsbForumApi.as_view(), name="api-ksb-forum"),
    path("trainings/", trainings.TrainingListCreateApi.as_view(), name="api-training-list"),
    path("trainings/<int:pk>/", trainings.TrainingDetailApi.as_view(), name="api-training-detail"),
    path(
        "trainings/<int:pk>/participants/",
        trainings.TrainingParticipantCreateApi.as_view(),
        name="api-training-participant-create",
    ),
    path(
        "trainings/<int:pk>/participants/<int:participation_pk>/",
        trainings.TrainingParticipantDetailApi.as_view(),
        name="api-training-participant-detail",
    ),
    path("deployments/", deployments.DeploymentListCreateApi.as_view(), name="api-deployment-list"),
    path("deployments/<int:pk>/", deployments.DeploymentDetailApi.as_view(), name="api-deployment-detail"),
    path("deployments/<int:pk>/end/", deployments.DeploymentEndApi.as_view(), name="api-deployment-end"),
    path("deployments/<int:pk>/cancel/", deployments.DeploymentCancelApi.as_view(), name="api-deployment-cancel"),
    path("deployments/<int:pk>/report/", deployments.DeploymentReportApi.as_view(), name="api-deployment-report"),
    path("duty-roster/", roster.DutyRosterApi.as_view(), name="api-duty-roster"),
]
