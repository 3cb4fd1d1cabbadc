"""Trainings, simulations and drills, with their participants and certificates."""

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
)
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoped_fields import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from banten_dinsos.accounts.scoping import get_scoped_or_404

from .. import selectors, services
from ..filters import TrainingFilter
from ..models import (
    Training,
    TrainingKind,
    TrainingParticipation,
)
from .common import KABKOTA_REFUSED, SkillCodesField, schema_view, skills_of


class TrainingOutputSerializer(serializers.ModelSerializer):
    kabkota = serializers.CharField(source="kabkota_id")
    skills = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    participant_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Training
        fields = [
            "id",
            "title",
            "kind",
            "starts_on",
            "ends_on",
            "place",
            "kabkota",
            "organiser",
            "skills",
            "certificate_months",
            "participant_count",
        ]
        ref_name = "VolunteerTraining"


class ParticipationSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member_id")
    member_number = serializers.CharField(source="member.member_number")
    full_name = serializers.CharField(source="member.full_name")
    kabkota = serializers.CharField(source="member.kabkota_id")

    class Meta:
        model = TrainingParticipation
        fields = [
            "id",
            "member",
            "member_number",
            "full_name",
            "kabkota",
            "passed",
            "certificate_number",
            "certificate_expires_on",
        ]
        ref_name = "VolunteerTrainingParticipant"


class TrainingDetailSerializer(TrainingOutputSerializer):
    participants = ParticipationSerializer(many=True, read_only=True, source="participant_list")

    class Meta(TrainingOutputSerializer.Meta):
        fields = [*TrainingOutputSerializer.Meta.fields, "participants"]
        ref_name = "VolunteerTrainingDetail"


class TrainingInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=TrainingKind.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    place = serializers.CharField(max_length=200)
    kabkota = ScopedSlugRelatedField(
        slug_field="code", scoped=selectors.kabkota_choices, error_messages=KABKOTA_REFUSED
    )
    organiser = serializers.CharField(max_length=200)
    skills = SkillCodesField(required=False, default=list)
    certificate_months = serializers.IntegerField(required=False, allow_null=True, default=None)


def _training_detail(request, training: Training) -> dict:
    training.participant_list = selectors.training_participants(training=training)
    return TrainingDetailSerializer(training, context={"request": request}).data


class TrainingListCreateApi(generics.ListCreateAPIView):
    """Trainings, simulations and drills held in the caller's area; ``POST`` records one."""

    serializer_class = TrainingOutputSerializer
    filterset_class = TrainingFilter

    def get_queryset(self):
        if schema_view(self):
            return Training.objects.none()
        return selectors.training_list(user=self.request.user).prefetch_related("skills")

    @extend_schema(request=TrainingInputSerializer, responses={201: TrainingDetailSerializer})
    def post(self, request):
        require_perm(request.user, Perm.TRAINING_MANAGE)
        serializer = TrainingInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        training = services.training_create(user=request.user, skills=skills_of(data.pop("skills")), **data)
        training = selectors.training_get(user=request.user, pk=training.pk)
        return Response(_training_detail(request, training), status=201)


class TrainingDetailApi(APIView):
    """One training with its participants and their certificates."""

    @extend_schema(responses={200: TrainingDetailSerializer, 404: OpenApiResponse(description="Not in scope")})
    def get(self, request, pk):
        return Response(_training_detail(request, selectors.training_get(user=request.user, pk=pk)))


class TrainingParticipantCreateApi(APIView):
    """Add a member; a certified participant holds the training's skills until the certificate expires (by default
    the training's last day plus its validity in months)."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerTrainingParticipantCreateInput"

        member = ScopedPrimaryKeyRelatedField(scoped=selectors.member_list)
        passed = serializers.BooleanField(required=False, default=True)
        certificate_number = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
        certificate_expires_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: ParticipationSerializer})
    def post(self, request, pk):
        require_perm(request.user, Perm.TRAINING_MANAGE)
        training = selectors.training_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        participation = services.training_participant_add(
            user=request.user, training=training, **serializer.validated_data
        )
        return Response(ParticipationSerializer(participation).data, status=201)


class TrainingParticipantDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk, participation_pk):
        require_perm(request.user, Perm.TRAINING_MANAGE)
        training = selectors.training_get(user=request.user, pk=pk)
        participation = get_scoped_or_404(
            selectors.training_participants(training=training).filter(
                member__in=selectors.member_list(user=request.user)
            ),
            pk=participation_pk,
        )
        services.training_participant_remove(user=request.user, participation=participation)
        return Response(status=status.HTTP_204_NO_CONTENT)
