"""The input round of an assessment: which agency has submitted its sub-sectors, which is late."""

from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.agencies.models import Agency

from .. import selectors, services


class AgencyInputSerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    sub_sectors = serializers.ListField(child=serializers.CharField())
    entries = serializers.IntegerField()
    state = serializers.ChoiceField(choices=list(selectors.INPUT_STATES))
    label = serializers.CharField()
    is_late = serializers.BooleanField()
    last_submitted_at = serializers.DateTimeField(allow_null=True)


class InputStatusSerializer(serializers.Serializer):
    input_round = serializers.IntegerField(source="input_round.pk", allow_null=True, default=None)
    deadline = serializers.DateTimeField(source="input_round.deadline", allow_null=True, default=None)
    closed_at = serializers.DateTimeField(source="input_round.closed_at", allow_null=True, default=None)
    submitted = serializers.IntegerField()
    late = serializers.IntegerField()
    agencies = AgencyInputSerializer(source="rows", many=True)
    unassigned_sub_sectors = serializers.ListField(source="unassigned", child=serializers.CharField())


class InputSubmitSerializer(serializers.Serializer):
    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.filter(is_active=True))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class InputStatusApi(APIView):
    """Who has submitted their sub-sectors' input and who is late. POST marks an agency's input as submitted
    (after the deadline it is accepted and marked late)."""

    @extend_schema(responses={200: InputStatusSerializer})
    def get(self, request, pk):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        return Response(InputStatusSerializer(selectors.input_status(assessment=assessment)).data)

    @extend_schema(request=InputSubmitSerializer, responses={201: InputStatusSerializer})
    def post(self, request, pk):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        serializer = InputSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.agency_input_submit(user=request.user, assessment=assessment, **serializer.validated_data)
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        return Response(
            InputStatusSerializer(selectors.input_status(assessment=assessment)).data, status=status.HTTP_201_CREATED
        )
