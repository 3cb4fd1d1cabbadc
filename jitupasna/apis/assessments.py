"""Assessments in the caller's scope (filtered by ``AssessmentFilter``): starting, changing, opening for input,
finalising and pre-filling from field reports."""

from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.scoped_fields import ScopedPrimaryKeyRelatedField
from banten_dinsos.agencies.models import Agency
from clusters.models import Disaster
from clusters.selectors import disaster_list
from meetings.models import Meeting
from meetings.selectors import meeting_list

from .. import selectors, services
from ..models import (
    Assessment,
)
from .common import FACTOR, PERCENT


class AssessmentOutputSerializer(serializers.ModelSerializer):
    disaster_title = serializers.CharField(source="disaster.title")

    class Meta:
        model = Assessment
        fields = [
            "id",
            "disaster",
            "disaster_title",
            "title",
            "status",
            "bbb_uplift_percent",
            "opened_at",
            "finalised_at",
            "updated_at",
        ]


class DocumentStateSerializer(serializers.Serializer):
    format = serializers.CharField()
    available = serializers.BooleanField()
    pending = serializers.BooleanField()
    sha256 = serializers.CharField(allow_null=True)
    built_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField(allow_null=True)


class AssessmentDetailOutputSerializer(AssessmentOutputSerializer):
    meetings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    input_round = serializers.PrimaryKeyRelatedField(read_only=True)
    documents = serializers.SerializerMethodField()

    class Meta(AssessmentOutputSerializer.Meta):
        fields = [
            *AssessmentOutputSerializer.Meta.fields,
            "factor_heavy",
            "factor_moderate",
            "factor_light",
            "factors_source",
            "notes",
            "meetings",
            "input_round",
            "documents",
        ]

    @extend_schema_field(DocumentStateSerializer(many=True))
    def get_documents(self, assessment):
        """The XLSX and PDF (empty for officers: the documents cover every kabupaten/kota)."""
        if not self.context.get("whole_document"):
            return []
        rows = []
        for fmt, output in selectors.assessment_outputs(assessment=assessment).items():
            built = output is not None and bool(output.file)
            rows.append(
                {
                    "format": fmt,
                    "available": built,
                    "pending": bool(output and output.pending),
                    "sha256": output.sha256 if built else None,
                    "built_at": output.built_at if built else None,
                    "url": reverse("api-jitupasna-document", args=[assessment.pk, fmt]) if built else None,
                }
            )
        return DocumentStateSerializer(rows, many=True).data


# The querysets given beside ``scoped`` only type the fields in the schema: the choices are what the caller may see, so
# another kabupaten/kota's record is refused exactly like one that does not exist.


def _meetings_field(**kwargs):
    return ScopedPrimaryKeyRelatedField(
        scoped=meeting_list, queryset=Meeting.objects.none(), many=True, required=False, **kwargs
    )


class AssessmentInputSerializer(serializers.Serializer):
    disaster = ScopedPrimaryKeyRelatedField(scoped=disaster_list, queryset=Disaster.objects.none())
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    bbb_uplift_percent = serializers.DecimalField(**PERCENT, required=False, default=0)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    meetings = _meetings_field()


class AssessmentUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    bbb_uplift_percent = serializers.DecimalField(**PERCENT, required=False)
    factor_heavy = serializers.DecimalField(**FACTOR, required=False)
    factor_moderate = serializers.DecimalField(**FACTOR, required=False)
    factor_light = serializers.DecimalField(**FACTOR, required=False)
    factors_source = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    meetings = _meetings_field()


def _detail(request, pk, *, code=status.HTTP_200_OK) -> Response:
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    context = {"whole_document": selectors.can_see_whole_document(user=request.user)}
    return Response(AssessmentDetailOutputSerializer(assessment, context=context).data, status=code)


class AssessmentListCreateApi(generics.ListAPIView):
    """Jitupasna assessments in the caller's scope, newest first. POST starts one for a disaster (BPBD and
    provincial staff), as a draft carrying the reference damage class factors and their source."""

    serializer_class = AssessmentOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        return selectors.assessment_list(user=self.request.user, filters=self.request.query_params)

    @extend_schema(
        parameters=[
            OpenApiParameter("disaster", int),
            OpenApiParameter("status", str, enum=["draft", "open", "final"]),
            OpenApiParameter("q", str),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=AssessmentInputSerializer, responses={201: AssessmentDetailOutputSerializer})
    def post(self, request):
        serializer = AssessmentInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        assessment = services.assessment_create(user=request.user, **data)
        return _detail(request, assessment.pk, code=status.HTTP_201_CREATED)


class AssessmentDetailApi(APIView):
    """One assessment: status, damage class factors with their source, uplift, meetings, input round, documents.
    PATCH changes it while it is not final (changed factors need a new source)."""

    @extend_schema(responses={200: AssessmentDetailOutputSerializer, 404: OpenApiResponse(description="Not in scope")})
    def get(self, request, pk):
        return _detail(request, pk)

    @extend_schema(request=AssessmentUpdateSerializer, responses={200: AssessmentDetailOutputSerializer})
    def patch(self, request, pk):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        serializer = AssessmentUpdateSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        meetings = data.pop("meetings", None)
        services.assessment_update(user=request.user, assessment=assessment, data=data, meetings=meetings)
        return _detail(request, pk)


class OpenForInputSerializer(serializers.Serializer):
    deadline = serializers.DateTimeField()
    agencies = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.filter(is_active=True), many=True, required=False
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentOpenApi(APIView):
    """Open a draft for input until ``deadline``: each responsible agency (or the ``agencies`` given) is asked."""

    @extend_schema(request=OpenForInputSerializer, responses={200: AssessmentDetailOutputSerializer})
    def post(self, request, pk):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        serializer = OpenForInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        services.assessment_open_for_input(
            user=request.user,
            assessment=assessment,
            deadline=data["deadline"],
            agencies=data.get("agencies"),
            description=data["description"],
        )
        return _detail(request, pk)


class AssessmentFinaliseApi(APIView):
    """Make the assessment final: the input round closes, nothing changes any more, the documents are built."""

    @extend_schema(request=None, responses={200: AssessmentDetailOutputSerializer})
    def post(self, request, pk):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        services.assessment_finalise(user=request.user, assessment=assessment)
        return _detail(request, pk)


class AssessmentPrefillApi(APIView):
    """Create or refresh the damage entries pre-filled from verified field reports (entries changed by hand since
    are left alone)."""

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                "JitupasnaPrefillResult",
                {
                    "created": serializers.IntegerField(),
                    "updated": serializers.IntegerField(),
                    "unchanged": serializers.IntegerField(),
                    "kept": serializers.ListField(child=serializers.CharField()),
                    "reports": serializers.IntegerField(),
                    "message": serializers.CharField(),
                },
            )
        },
    )
    def post(self, request, pk):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        result = services.assessment_prefill(user=request.user, assessment=assessment)
        return Response(
            {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "kept": result.kept,
                "reports": result.reports,
                "message": result.message,
            }
        )
