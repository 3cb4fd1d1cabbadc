"""Deployments (assignments) of members and KSB units to shelters and LDP posts."""

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
)
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoped_fields import ScopedPrimaryKeyRelatedField
from clusters.selectors import disaster_list
from shelters import selectors as shelter_selectors

from .. import selectors, services
from ..filters import DeploymentFilter
from ..models import (
    Deployment,
    DeploymentRole,
)
from .common import schema_view


class DeploymentOutputSerializer(serializers.ModelSerializer):
    disaster_title = serializers.CharField(source="disaster.title")
    member_name = serializers.CharField(source="member.full_name", allow_null=True, default=None)
    member_number = serializers.CharField(source="member.member_number", allow_null=True, default=None)
    ksb_unit_name = serializers.CharField(source="ksb_unit.name", allow_null=True, default=None)
    shelter_name = serializers.CharField(source="shelter.name", allow_null=True, default=None)
    ldp_post_name = serializers.CharField(source="ldp_post.name", allow_null=True, default=None)
    kabkota = serializers.CharField(source="kabkota_id")
    site_kabkota = serializers.CharField(source="site_kabkota_id", allow_null=True)

    class Meta:
        model = Deployment
        fields = [
            "id",
            "disaster",
            "disaster_title",
            "member",
            "member_name",
            "member_number",
            "ksb_unit",
            "ksb_unit_name",
            "shelter",
            "shelter_name",
            "ldp_post",
            "ldp_post_name",
            "role",
            "start_at",
            "end_at",
            "status",
            "kabkota",
            "site_kabkota",
            "note",
            "report_submitted_at",
        ]
        ref_name = "VolunteerDeployment"


class DeploymentDetailSerializer(DeploymentOutputSerializer):
    class Meta(DeploymentOutputSerializer.Meta):
        fields = [*DeploymentOutputSerializer.Meta.fields, "report", "created_at"]
        ref_name = "VolunteerDeploymentDetail"


class DeploymentInputSerializer(serializers.Serializer):
    """What a deployment points at is looked up in the caller's scope: another kab/kota's member, unit, shelter or
    post is refused exactly like one that does not exist."""

    disaster = ScopedPrimaryKeyRelatedField(scoped=disaster_list)
    member = ScopedPrimaryKeyRelatedField(scoped=selectors.member_list, required=False, allow_null=True, default=None)
    ksb_unit = ScopedPrimaryKeyRelatedField(
        scoped=selectors.ksb_unit_list, required=False, allow_null=True, default=None
    )
    shelter = ScopedPrimaryKeyRelatedField(
        scoped=shelter_selectors.shelter_list, required=False, allow_null=True, default=None
    )
    ldp_post = ScopedPrimaryKeyRelatedField(
        scoped=shelter_selectors.ldp_post_list, required=False, allow_null=True, default=None
    )
    role = serializers.ChoiceField(choices=DeploymentRole.choices)
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class DeploymentListCreateApi(generics.ListCreateAPIView):
    """Assignments of the caller's volunteers and at places in the caller's area. ``POST`` assigns a member or a
    KSB unit; overlapping assignments of one person are refused (400, naming the other assignment)."""

    serializer_class = DeploymentOutputSerializer
    filterset_class = DeploymentFilter

    def get_queryset(self):
        if schema_view(self):
            return Deployment.objects.none()
        return selectors.deployment_list(user=self.request.user)

    @extend_schema(request=DeploymentInputSerializer, responses={201: DeploymentDetailSerializer})
    def post(self, request):
        require_perm(request.user, Perm.DEPLOYMENT_MANAGE)
        serializer = DeploymentInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        deployment = services.deployment_create(user=request.user, **serializer.validated_data)
        deployment = selectors.deployment_get(user=request.user, pk=deployment.pk)
        return Response(DeploymentDetailSerializer(deployment).data, status=201)


class DeploymentDetailApi(APIView):
    """One assignment with the member's assignment report."""

    @extend_schema(responses={200: DeploymentDetailSerializer, 404: OpenApiResponse(description="Not in scope")})
    def get(self, request, pk):
        return Response(DeploymentDetailSerializer(selectors.deployment_get(user=request.user, pk=pk)).data)


class DeploymentEndApi(APIView):
    """End an assignment (now or at ``ended_at``), optionally with the report; the member is free again."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerDeploymentEndInput"

        ended_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
        report = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=DeploymentDetailSerializer)
    def post(self, request, pk):
        require_perm(request.user, Perm.DEPLOYMENT_MANAGE)
        deployment = selectors.deployment_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.deployment_end(user=request.user, deployment=deployment, **serializer.validated_data)
        return Response(DeploymentDetailSerializer(selectors.deployment_get(user=request.user, pk=pk)).data)


class DeploymentCancelApi(APIView):
    """Cancel an assignment made by mistake; it no longer blocks the member's time."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerDeploymentCancelInput"

        reason = serializers.CharField(max_length=255)

    @extend_schema(request=InputSerializer, responses=DeploymentDetailSerializer)
    def post(self, request, pk):
        require_perm(request.user, Perm.DEPLOYMENT_MANAGE)
        deployment = selectors.deployment_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.deployment_cancel(user=request.user, deployment=deployment, reason=serializer.validated_data["reason"])
        return Response(DeploymentDetailSerializer(selectors.deployment_get(user=request.user, pk=pk)).data)


class DeploymentReportApi(APIView):
    """Keep (or correct) the member's report on the assignment."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerDeploymentReportInput"

        report = serializers.CharField()

    @extend_schema(request=InputSerializer, responses=DeploymentDetailSerializer)
    def put(self, request, pk):
        require_perm(request.user, Perm.DEPLOYMENT_MANAGE)
        deployment = selectors.deployment_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.deployment_report_submit(
            user=request.user, deployment=deployment, report=serializer.validated_data["report"]
        )
        return Response(DeploymentDetailSerializer(selectors.deployment_get(user=request.user, pk=pk)).data)
