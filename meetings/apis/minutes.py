"""Minutes, decisions and the minutes PDF of a meeting."""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors, services
from ..models import (
    AgendaItem,
    Meeting,
)
from .meetings import DecisionOutputSerializer, MeetingDetailOutputSerializer, meeting_detail_response


class PointsInputSerializer(serializers.Serializer):
    agenda_item = serializers.IntegerField()
    points = serializers.CharField(allow_blank=True)


class MinutesInputSerializer(serializers.Serializer):
    summary = serializers.CharField(allow_blank=True)
    points = PointsInputSerializer(many=True, required=False)


class MinutesApi(APIView):
    @extend_schema(request=MinutesInputSerializer, responses={200: MeetingDetailOutputSerializer})
    def put(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        serializer = MinutesInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        points = {row["agenda_item"]: row["points"] for row in serializer.validated_data.get("points", [])}
        services.minutes_update(
            user=request.user,
            meeting=meeting,
            summary=serializer.validated_data["summary"],
            points=points,
        )
        return meeting_detail_response(request, pk)


class DecisionInputSerializer(serializers.Serializer):
    text = serializers.CharField()
    agenda_item = serializers.IntegerField(required=False, allow_null=True)


def _agenda_item_of(meeting: Meeting, pk) -> AgendaItem | None:
    if pk is None:
        return None
    item = meeting.agenda_items.filter(pk=pk).first()
    if item is None:
        raise ValidationError({"agenda_item": [_("This agenda item is not on this meeting's agenda.")]})
    return item


class DecisionListCreateApi(APIView):
    @extend_schema(responses={200: DecisionOutputSerializer(many=True)})
    def get(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        return Response(DecisionOutputSerializer(selectors.meeting_decisions(meeting=meeting), many=True).data)

    @extend_schema(request=DecisionInputSerializer, responses={201: DecisionOutputSerializer})
    def post(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        serializer = DecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.decision_add(
            user=request.user,
            meeting=meeting,
            text=serializer.validated_data["text"],
            agenda_item=_agenda_item_of(meeting, serializer.validated_data.get("agenda_item")),
        )
        return Response(DecisionOutputSerializer(decision).data, status=status.HTTP_201_CREATED)


class DecisionDetailApi(APIView):
    def _decision(self, request, pk, decision_pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        decision = meeting.decisions.filter(pk=decision_pk).first()
        if decision is None:
            raise Http404
        return meeting, decision

    @extend_schema(request=DecisionInputSerializer, responses={200: DecisionOutputSerializer})
    def patch(self, request, pk, decision_pk):
        meeting, decision = self._decision(request, pk, decision_pk)
        serializer = DecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.decision_update(
            user=request.user,
            decision=decision,
            text=serializer.validated_data["text"],
            agenda_item=_agenda_item_of(meeting, serializer.validated_data.get("agenda_item")),
        )
        return Response(DecisionOutputSerializer(decision).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk, decision_pk):
        _meeting, decision = self._decision(request, pk, decision_pk)
        services.decision_delete(user=request.user, decision=decision)
        return Response(status=status.HTTP_204_NO_CONTENT)


def minutes_pdf_response(meeting: Meeting) -> FileResponse:
    if not meeting.minutes_pdf:
        raise Http404
    response = FileResponse(
        meeting.minutes_pdf.open("rb"),
        as_attachment=True,
        filename=services.minutes_pdf_download_name(meeting),
        content_type="application/pdf",
    )
    response["X-Checksum-SHA256"] = meeting.minutes_pdf_sha256
    return response


class MinutesPdfApi(APIView):
    """GET downloads the minutes PDF (404 until it has been built); POST asks for it to be (re)built (202)."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: OpenApiResponse()})
    def get(self, request, pk):
        return minutes_pdf_response(selectors.meeting_get(user=request.user, pk=pk))

    @extend_schema(request=None, responses={202: OpenApiResponse(description="Queued")})
    def post(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        services.minutes_pdf_request(user=request.user, meeting=meeting)
        return Response(
            {"message": _("The minutes PDF is being prepared."), "errors": {}}, status=status.HTTP_202_ACCEPTED
        )
