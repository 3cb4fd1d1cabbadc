"""Psychosocial support (LDP): posts, sessions with their referrals, and a referral's follow-up."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.scoped_fields import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from banten_dinsos.accounts.scoping import get_scoped_or_404

from .. import selectors, services
from ..filters import LdpSessionFilter
from ..models import LdpPost, LdpReferral, LdpSession
from .shelters import DESA_REFUSED


class LdpPostSerializer(serializers.ModelSerializer):
    desa = ScopedSlugRelatedField(slug_field="code", scoped=selectors.desa_choices, error_messages=DESA_REFUSED)
    kabkota = serializers.CharField(source="kabkota_id", read_only=True)
    shelter = ScopedPrimaryKeyRelatedField(scoped=selectors.shelter_list, required=False, allow_null=True)

    class Meta:
        model = LdpPost
        fields = ["id", "name", "kind", "desa", "kabkota", "shelter", "is_active"]
        read_only_fields = ["is_active"]
        ref_name = "LdpPost"


class LdpPostListCreateApi(generics.ListCreateAPIView):
    """LDP posts (fixed or mobile) in the caller's area."""

    serializer_class = LdpPostSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LdpPost.objects.none()
        return selectors.ldp_post_list(user=self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.ldp_post_create(
            user=self.request.user,
            name=data["name"],
            kind=data["kind"],
            desa=data["desa"],
            shelter=data.get("shelter"),
        )


class LdpReferralSerializer(serializers.ModelSerializer):
    class Meta:
        model = LdpReferral
        fields = ["id", "session", "referred_to", "people", "status", "outcome", "updated_at"]
        read_only_fields = ["session", "updated_at"]
        ref_name = "LdpReferral"


class LdpSessionSerializer(serializers.ModelSerializer):
    """A shelter or post outside the caller's scope is refused exactly like one that does not exist."""

    shelter = ScopedPrimaryKeyRelatedField(scoped=selectors.shelter_list, required=False, allow_null=True)
    post = ScopedPrimaryKeyRelatedField(scoped=selectors.ldp_post_list, required=False, allow_null=True)
    referrals = LdpReferralSerializer(many=True, required=False)
    reached_total = serializers.IntegerField(read_only=True)

    class Meta:
        model = LdpSession
        fields = [
            "id",
            "shelter",
            "post",
            "held_on",
            "kind",
            "provider",
            "providers_count",
            "reached_children_male",
            "reached_children_female",
            "reached_adult_male",
            "reached_adult_female",
            "reached_older",
            "reached_total",
            "notes",
            "referrals",
        ]
        ref_name = "LdpSession"


class LdpSessionListCreateApi(generics.ListCreateAPIView):
    """Psychosocial sessions delivered in the caller's area, with referrals."""

    serializer_class = LdpSessionSerializer
    filterset_class = LdpSessionFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LdpSession.objects.none()
        return selectors.ldp_session_list(user=self.request.user).prefetch_related("referrals")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        referrals = [
            {k: v for k, v in referral.items() if k in ("referred_to", "people", "status", "outcome")}
            for referral in data.pop("referrals", [])
        ]
        serializer.instance = services.ldp_session_record(user=self.request.user, referrals=referrals, **data)


class LdpReferralDetailApi(APIView):
    """Update a referral's status and outcome."""

    class LdpReferralUpdateInputSerializer(serializers.Serializer):
        status = serializers.CharField()
        outcome = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")

    @extend_schema(request=LdpReferralUpdateInputSerializer, responses=LdpReferralSerializer)
    def patch(self, request, pk):
        referral = get_scoped_or_404(selectors.ldp_referral_list(user=request.user), pk=pk)
        serializer = self.LdpReferralUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = services.ldp_referral_update(user=request.user, referral=referral, **serializer.validated_data)
        return Response(LdpReferralSerializer(referral).data)
