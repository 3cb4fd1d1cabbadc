"""Document input rounds: drafts open for agencies' written input, who has given it and who is late."""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.agencies.models import Agency
from banten_dinsos.core.downloads import download_filename

from .. import selectors, services
from ..models import (
    DocumentInput,
    InputRound,
)
from .meetings import PLAUSIBLE_MOMENT


class DocumentInputOutputSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    submitted_by = serializers.CharField(source="submitted_by.username", allow_null=True, default=None)

    class Meta:
        model = DocumentInput
        fields = ["id", "agency", "agency_name", "text", "submitted_by", "submitted_at", "is_late"]


class InputRoundOutputSerializer(serializers.ModelSerializer):
    agencies_total = serializers.IntegerField()
    agencies_given = serializers.IntegerField()
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = InputRound
        fields = [
            "id",
            "meeting",
            "title",
            "description",
            "document_url",
            "has_document",
            "deadline",
            "closed_at",
            "agencies_total",
            "agencies_given",
        ]

    def get_has_document(self, input_round) -> bool:
        return bool(input_round.document)


class AgencyInputStateSerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    state = serializers.ChoiceField(choices=["on_time", "late", "missing"])
    label = serializers.CharField()
    inputs = DocumentInputOutputSerializer(many=True)


class InputRoundDetailOutputSerializer(InputRoundOutputSerializer):
    overview = serializers.SerializerMethodField()

    class Meta(InputRoundOutputSerializer.Meta):
        fields = [*InputRoundOutputSerializer.Meta.fields, "overview"]

    @extend_schema_field(AgencyInputStateSerializer(many=True))
    def get_overview(self, input_round):
        return AgencyInputStateSerializer(selectors.input_round_overview(input_round=input_round), many=True).data


class InputRoundInputSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    document = serializers.FileField(required=False, allow_null=True)
    document_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    deadline = serializers.DateTimeField(validators=PLAUSIBLE_MOMENT)
    agencies = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.filter(is_active=True), many=True, allow_empty=True
    )


class InputRoundListCreateApi(generics.ListAPIView):
    """Draft documents open for input; POST (JSON or multipart with ``document``) opens one."""

    serializer_class = InputRoundOutputSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InputRound.objects.none()
        filters = {}
        if self.request.query_params.get("meeting"):
            # A meeting out of scope answers 404, like one that does not exist.
            filters["meeting"] = selectors.meeting_get(
                user=self.request.user, pk=self.request.query_params["meeting"]
            ).pk
        return selectors.input_round_list(user=self.request.user, filters=filters)

    @extend_schema(request=InputRoundInputSerializer, responses={201: InputRoundDetailOutputSerializer})
    def post(self, request):
        serializer = InputRoundInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        meeting_pk = data.pop("meeting", None)
        meeting = selectors.meeting_get(user=request.user, pk=meeting_pk) if meeting_pk else None
        input_round = services.input_round_open(user=request.user, meeting=meeting, **data)
        input_round = selectors.input_round_get(user=request.user, pk=input_round.pk)
        return Response(InputRoundDetailOutputSerializer(input_round).data, status=status.HTTP_201_CREATED)


class InputRoundDetailApi(APIView):
    """A round with who has and has not given input, those still missing first."""

    @extend_schema(responses={200: InputRoundDetailOutputSerializer})
    def get(self, request, pk):
        input_round = selectors.input_round_get(user=request.user, pk=pk)
        return Response(InputRoundDetailOutputSerializer(input_round).data)

    @extend_schema(request=InputRoundInputSerializer, responses={200: InputRoundDetailOutputSerializer})
    def patch(self, request, pk):
        input_round = selectors.input_round_get(user=request.user, pk=pk)
        serializer = InputRoundInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("meeting", None)
        agencies = data.pop("agencies", None)
        services.input_round_update(user=request.user, input_round=input_round, data=data, agencies=agencies)
        input_round = selectors.input_round_get(user=request.user, pk=pk)
        return Response(InputRoundDetailOutputSerializer(input_round).data)


class InputRoundCloseApi(APIView):
    @extend_schema(request=None, responses={200: InputRoundDetailOutputSerializer})
    def post(self, request, pk):
        input_round = selectors.input_round_get(user=request.user, pk=pk)
        services.input_round_close(user=request.user, input_round=input_round)
        input_round = selectors.input_round_get(user=request.user, pk=pk)
        return Response(InputRoundDetailOutputSerializer(input_round).data)


class DocumentInputSerializer(serializers.Serializer):
    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    text = serializers.CharField()


class DocumentInputListCreateApi(generics.ListAPIView):
    """Written input on the draft. After the deadline input is still accepted and comes back with ``is_late``."""

    serializer_class = DocumentInputOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DocumentInput.objects.none()
        input_round = selectors.input_round_get(user=self.request.user, pk=self.kwargs["pk"])
        return selectors.document_input_list(input_round=input_round)

    @extend_schema(request=DocumentInputSerializer, responses={201: DocumentInputOutputSerializer})
    def post(self, request, pk):
        input_round = selectors.input_round_get(user=request.user, pk=pk)
        serializer = DocumentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document_input = services.document_input_submit(
            user=request.user, input_round=input_round, **serializer.validated_data
        )
        return Response(DocumentInputOutputSerializer(document_input).data, status=status.HTTP_201_CREATED)


class InputRoundDocumentApi(APIView):
    """Download the draft file of a round."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        return draft_document_response(selectors.input_round_get(user=request.user, pk=pk))


def draft_document_response(input_round: InputRound) -> FileResponse:
    if not input_round.document:
        raise Http404
    extension = input_round.document.name.rsplit(".", 1)[-1] if "." in input_round.document.name else "bin"
    filename = download_filename("draf-masukan", input_round.title, input_round.created_at, extension)
    return FileResponse(input_round.document.open("rb"), as_attachment=True, filename=filename)
