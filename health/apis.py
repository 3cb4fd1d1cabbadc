"""Health posts, daily consultations, early-warning signals and the complaint list over the REST API."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.core.choices import Sex

from . import selectors, services
from .filters import ConsultationFilter, HealthPostFilter, SignalFilter, cleaned_filters
from .models import AgeGroup, Consultation, HealthPost, OrganisationKind, PostKind, Signal

# ---------------------------------------------------------------------------------------------------------------
# Health posts
# ---------------------------------------------------------------------------------------------------------------


class HealthPostOutputSerializer(serializers.ModelSerializer):
    desa = serializers.CharField(source="desa_id")
    desa_name = serializers.CharField(source="desa.name")
    kabkota = serializers.CharField(source="kabkota_id")
    kabkota_name = serializers.CharField(source="kabkota.name")
    shelter_name = serializers.CharField(source="shelter.name", allow_null=True, default=None)
    staff_on_duty = serializers.IntegerField()

    class Meta:
        model = HealthPost
        fields = [
            "id",
            "disaster",
            "name",
            "kind",
            "shelter",
            "shelter_name",
            "desa",
            "desa_name",
            "kabkota",
            "kabkota_name",
            "organisation_kind",
            "organisation_name",
            "opened_on",
            "closed_on",
            "doctors",
            "nurses",
            "midwives",
            "other_staff",
            "staff_on_duty",
            "displaced_served",
            "contact_name",
            "contact_phone",
            "updated_at",
        ]
        ref_name = "HealthPost"


class HealthPostInputSerializer(serializers.Serializer):
    disaster = serializers.IntegerField()
    shelter = serializers.IntegerField(required=False, allow_null=True)
    desa = serializers.CharField(required=False, allow_blank=True, max_length=13)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=PostKind.choices, default=PostKind.FIXED)
    organisation_kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    organisation_name = serializers.CharField(max_length=200)
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(required=False, allow_null=True)
    doctors = serializers.IntegerField(min_value=0, max_value=1000, default=0)
    nurses = serializers.IntegerField(min_value=0, max_value=1000, default=0)
    midwives = serializers.IntegerField(min_value=0, max_value=1000, default=0)
    other_staff = serializers.IntegerField(min_value=0, max_value=1000, default=0)
    displaced_served = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    contact_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)

    class Meta:
        ref_name = "HealthPostInput"


class HealthPostUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    closed_on = serializers.DateField(required=False, allow_null=True)
    opened_on = serializers.DateField(required=False)
    doctors = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    nurses = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    midwives = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    other_staff = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    displaced_served = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    contact_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)

    class Meta:
        ref_name = "HealthPostUpdate"


class HealthPostListCreateApi(generics.ListCreateAPIView):
    """Health posts in the caller's scope (officers: their kabupaten/kota; Kesehatan members: the province)."""

    serializer_class = HealthPostOutputSerializer
    filterset_class = HealthPostFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return HealthPost.objects.none()
        return selectors.health_post_list(
            user=self.request.user, filters=cleaned_filters(HealthPostFilter, self.request.query_params)
        )

    @extend_schema(request=HealthPostInputSerializer, responses={201: HealthPostOutputSerializer})
    def post(self, request):
        require_perm(request.user, Perm.HEALTH_RECORD)
        serializer = HealthPostInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        post = services.health_post_create(user=request.user, **serializer.validated_data)
        post = selectors.health_post_get(user=request.user, pk=post.pk)
        return Response(HealthPostOutputSerializer(post).data, status=status.HTTP_201_CREATED)


class HealthPostDetailApi(APIView):
    """One health post; PATCH changes its staff on duty, contact and closing date."""

    @extend_schema(responses=HealthPostOutputSerializer)
    def get(self, request, pk):
        return Response(HealthPostOutputSerializer(selectors.health_post_get(user=request.user, pk=pk)).data)

    @extend_schema(request=HealthPostUpdateSerializer, responses=HealthPostOutputSerializer)
    def patch(self, request, pk):
        post = selectors.health_post_get(user=request.user, pk=pk)
        require_perm(request.user, Perm.HEALTH_RECORD)
        serializer = HealthPostUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.health_post_update(user=request.user, post=post, **serializer.validated_data)
        return Response(HealthPostOutputSerializer(selectors.health_post_get(user=request.user, pk=pk)).data)


# ---------------------------------------------------------------------------------------------------------------
# Daily consultations
# ---------------------------------------------------------------------------------------------------------------


class CountSerializer(serializers.Serializer):
    complaint = serializers.CharField(max_length=40, help_text=_("Complaint code from /health/complaints/"))
    age_group = serializers.ChoiceField(choices=AgeGroup.choices)
    sex = serializers.ChoiceField(choices=Sex.choices)
    count = serializers.IntegerField(min_value=0, max_value=100_000)

    class Meta:
        ref_name = "ConsultationCount"


class CountOutputSerializer(serializers.Serializer):
    complaint = serializers.CharField(source="complaint.code")
    age_group = serializers.CharField()
    sex = serializers.CharField()
    count = serializers.IntegerField()

    class Meta:
        ref_name = "ConsultationCountOutput"


class ConsultationOutputSerializer(serializers.ModelSerializer):
    post_name = serializers.CharField(source="post.name")
    kabkota = serializers.CharField(source="kabkota_id")
    counts = CountOutputSerializer(many=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "post",
            "post_name",
            "disaster",
            "kabkota",
            "date",
            "total",
            "counts",
            *services.OUTCOME_FIELDS,
            "note",
            "updated_at",
        ]
        ref_name = "Consultation"


class ConsultationInputSerializer(serializers.Serializer):
    post = serializers.IntegerField()
    date = serializers.DateField()
    total = serializers.IntegerField(min_value=0, max_value=100_000)
    counts = CountSerializer(many=True, required=False)
    referrals = serializers.IntegerField(min_value=0, default=0)
    referred_ldp = serializers.IntegerField(min_value=0, default=0)
    deaths = serializers.IntegerField(min_value=0, default=0)
    pregnant_women = serializers.IntegerField(min_value=0, default=0)
    infants = serializers.IntegerField(min_value=0, default=0)
    disabled = serializers.IntegerField(min_value=0, default=0)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "ConsultationInput"

    def validate_post(self, value):
        # An out-of-scope post answers exactly like a missing one.
        try:
            return selectors.health_post_get(user=self.context["request"].user, pk=value)
        except Exception as exc:
            raise serializers.ValidationError(_("Health post not found.")) from exc


class ConsultationListCreateApi(generics.ListCreateAPIView):
    """Daily consultations in scope; POST records a day (or corrects it: a second POST for the same post and day
    replaces that day) and checks the early-warning thresholds."""

    serializer_class = ConsultationOutputSerializer
    filterset_class = ConsultationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Consultation.objects.none()
        return selectors.consultation_list(
            user=self.request.user, filters=cleaned_filters(ConsultationFilter, self.request.query_params)
        )

    @extend_schema(request=ConsultationInputSerializer, responses={201: ConsultationOutputSerializer})
    def post(self, request):
        require_perm(request.user, Perm.HEALTH_RECORD)
        serializer = ConsultationInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        consultation = services.consultation_record(user=request.user, **data)
        consultation = selectors.consultation_get(user=request.user, pk=consultation.pk)
        return Response(ConsultationOutputSerializer(consultation).data, status=status.HTTP_201_CREATED)


class ConsultationDetailApi(generics.RetrieveAPIView):
    serializer_class = ConsultationOutputSerializer

    def get_object(self):
        return selectors.consultation_get(user=self.request.user, pk=self.kwargs["pk"])


# ---------------------------------------------------------------------------------------------------------------
# Signals and the complaint list
# ---------------------------------------------------------------------------------------------------------------


class SignalOutputSerializer(serializers.ModelSerializer):
    threshold = serializers.CharField(source="threshold.code")
    threshold_name = serializers.CharField(source="threshold.name")
    complaint = serializers.CharField(source="threshold.complaint.code")
    post_name = serializers.CharField(source="post.name")
    kabkota = serializers.CharField(source="kabkota_id")

    class Meta:
        model = Signal
        fields = [
            "id",
            "threshold",
            "threshold_name",
            "complaint",
            "post",
            "post_name",
            "disaster",
            "kabkota",
            "state",
            "first_date",
            "last_date",
            "days",
            "figures",
            "alert_id",
            "closed_at",
            "close_note",
        ]
        ref_name = "HealthSignal"


class SignalCloseSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "HealthSignalClose"


class SignalListApi(generics.ListAPIView):
    """Early-warning signals in scope, open ones first, each with the figures that raised it."""

    serializer_class = SignalOutputSerializer
    filterset_class = SignalFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Signal.objects.none()
        return selectors.signal_list(
            user=self.request.user, filters=cleaned_filters(SignalFilter, self.request.query_params)
        )


class SignalCloseApi(APIView):
    """Close a signal once handled; the rule firing again later raises (and announces) a new one."""

    @extend_schema(request=SignalCloseSerializer, responses=SignalOutputSerializer)
    def post(self, request, pk):
        signal = selectors.signal_get(user=request.user, pk=pk)
        require_perm(request.user, Perm.HEALTH_RECORD)
        serializer = SignalCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.signal_close(user=request.user, signal=signal, note=serializer.validated_data["note"])
        return Response(SignalOutputSerializer(selectors.signal_get(user=request.user, pk=pk)).data)


class ComplaintOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    is_psychosocial = serializers.BooleanField()

    class Meta:
        ref_name = "HealthComplaint"


class ComplaintListApi(generics.ListAPIView):
    """The complaint list health posts count by (reference data)."""

    serializer_class = ComplaintOutputSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        if not getattr(self, "swagger_fake_view", False):
            require_perm(self.request.user, Perm.HEALTH_VIEW)
        return selectors.complaint_list()
