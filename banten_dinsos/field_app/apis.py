"""The field app's endpoints: reference data for offline work, photos and the GPS point of a field report."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoped_fields import ScopedPrimaryKeyRelatedField
from banten_dinsos.audit.personal_data import audits_personal_data
from clusters.selectors import field_report_get
from shelters.apis.ldp import LdpSessionSerializer
from shelters.selectors import evacuee_list, shelter_list

from .models import ReportLocation, ReportPhoto
from .selectors import field_evacuees, field_reference, report_photo_list
from .services import (
    CHECK_IN,
    CHECK_OUT,
    evacuee_move_once,
    ldp_session_record_once,
    report_location_set,
    report_photo_attach,
)


class ReferenceApi(APIView):
    """The caller's reference data for the offline forms (open disasters, kecamatan and desa, open shelters,
    clusters), with the time it was read; the field app keeps it on the phone and refreshes it when online."""

    class OutputSerializer(serializers.Serializer):
        user = serializers.DictField()
        refreshed_at = serializers.DateTimeField()
        disasters = serializers.ListField(child=serializers.DictField())
        areas = serializers.ListField(child=serializers.DictField())
        shelters = serializers.ListField(child=serializers.DictField())
        clusters = serializers.ListField(child=serializers.DictField())
        report_kinds = serializers.ListField(child=serializers.DictField())
        count_fields = serializers.ListField(child=serializers.DictField())

        class Meta:
            ref_name = "FieldAppReference"

    @extend_schema(responses=OutputSerializer)
    def get(self, request):
        response = Response(self.OutputSerializer(field_reference(user=request.user)).data)
        # Per user and always fresh: the phone keeps its own copy, never a shared cache.
        response["Cache-Control"] = "private, no-store"
        return response


class PhotoOutputSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReportPhoto
        fields = ["id", "report", "client_key", "width", "height", "size_bytes", "latitude", "longitude", "url"]
        ref_name = "FieldReportPhoto"

    def get_url(self, photo) -> str:
        from django.urls import reverse

        return reverse("field_app:photo", args=[photo.pk])


class PhotoInputSerializer(serializers.Serializer):
    photo = serializers.FileField(label=_("photo"))
    client_key = serializers.UUIDField(label=_("idempotency key"))
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)

    class Meta:
        ref_name = "FieldReportPhotoInput"


class ReportPhotoListCreateApi(APIView):
    """Photos of a field report. ``POST`` one photo (multipart, one small request): it is re-encoded without any
    metadata, at most 1600 px, and stored privately. A resend with the same ``client_key`` answers 200 with the
    photo stored the first time."""

    # JSON is read too, only to answer a photo-less request with the field it lacks.
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(responses=PhotoOutputSerializer(many=True))
    @audits_personal_data(model="field_app.reportphoto", what="field report photos")
    def get(self, request, pk):
        photos = list(report_photo_list(user=request.user, report_pk=pk))
        request.audit_record_count = len(photos)
        return Response(PhotoOutputSerializer(photos, many=True).data)

    @extend_schema(
        request={"multipart/form-data": PhotoInputSerializer},
        responses={
            201: PhotoOutputSerializer,
            200: OpenApiResponse(PhotoOutputSerializer, description="A resend: the photo stored the first time."),
        },
    )
    def post(self, request, pk):
        report = field_report_get(user=request.user, pk=pk)
        serializer = PhotoInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        photo, created = report_photo_attach(
            user=request.user,
            report=report,
            client_key=data["client_key"],
            data=data["photo"].read(),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        )
        return Response(PhotoOutputSerializer(photo).data, status=status.HTTP_201_CREATED if created else 200)


class ReportLocationApi(APIView):
    """The GPS point of a field report with the phone's accuracy in metres (optional; ``PUT`` replaces it)."""

    class InputSerializer(serializers.Serializer):
        latitude = serializers.DecimalField(max_digits=9, decimal_places=6)
        longitude = serializers.DecimalField(max_digits=9, decimal_places=6)
        accuracy_m = serializers.IntegerField(min_value=0, max_value=100_000)

        class Meta:
            ref_name = "FieldReportLocationInput"

    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = ReportLocation
            fields = ["latitude", "longitude", "accuracy_m", "recorded_at"]
            ref_name = "FieldReportLocation"

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def put(self, request, pk):
        report = field_report_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        location = report_location_set(user=request.user, report=report, **serializer.validated_data)
        return Response(self.OutputSerializer(location).data)


class LdpSessionOnceInputSerializer(LdpSessionSerializer):
    client_key = serializers.UUIDField(
        label=_("idempotency key"), help_text="Made by the phone once per session and sent again on every retry."
    )

    class Meta(LdpSessionSerializer.Meta):
        fields = [*LdpSessionSerializer.Meta.fields, "client_key"]
        ref_name = "FieldAppLdpSessionInput"


class LdpSessionOnceApi(APIView):
    """Record an LDP session from the field app's outbox: like ``POST /ldp/sessions/`` with a ``client_key``; a
    resend with the same key answers 200 with the session recorded the first time."""

    @extend_schema(
        request=LdpSessionOnceInputSerializer,
        responses={201: LdpSessionSerializer, 200: OpenApiResponse(LdpSessionSerializer, description="A resend.")},
    )
    def post(self, request):
        require_perm(request.user, Perm.LDP_RECORD)
        serializer = LdpSessionOnceInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        referrals = [
            {k: v for k, v in referral.items() if k in ("referred_to", "people", "status", "outcome")}
            for referral in data.pop("referrals", [])
        ]
        session, created = ldp_session_record_once(user=request.user, referrals=referrals, **data)
        return Response(LdpSessionSerializer(session).data, status=status.HTTP_201_CREATED if created else 200)


class FieldEvacueeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    shelter = serializers.IntegerField(source="shelter_id", allow_null=True)
    status = serializers.CharField()

    class Meta:
        ref_name = "FieldAppEvacuee"


class FieldEvacueeListApi(APIView):
    """Names of the people in (or checked out of) the caller's open shelters, for checking them out and in while
    offline; the phone keeps them only for the signed-in user and forgets them at logout."""

    @extend_schema(responses=FieldEvacueeSerializer(many=True))
    @audits_personal_data(model="shelters.evacuee", what="evacuee names for offline check-in/out")
    def get(self, request):
        evacuees = list(field_evacuees(user=request.user))
        request.audit_record_count = len(evacuees)
        response = Response(FieldEvacueeSerializer(evacuees, many=True).data)
        response["Cache-Control"] = "private, no-store"
        return response


class EvacueeMoveInputSerializer(serializers.Serializer):
    client_key = serializers.UUIDField(label=_("idempotency key"))
    evacuee = ScopedPrimaryKeyRelatedField(scoped=evacuee_list, label=_("evacuee"))
    action = serializers.ChoiceField(choices=[CHECK_OUT, CHECK_IN], label=_("action"))
    shelter = ScopedPrimaryKeyRelatedField(scoped=shelter_list, required=False, allow_null=True, label=_("shelter"))
    at = serializers.DateTimeField(required=False, allow_null=True, label=_("time"))
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="", label=_("note"))

    class Meta:
        ref_name = "FieldAppEvacueeMoveInput"


class EvacueeMoveOnceApi(APIView):
    """Check a person out of, or back into, a shelter from the field app's outbox; a resend with the same
    ``client_key`` answers 200 and moves nobody a second time."""

    @extend_schema(
        request=EvacueeMoveInputSerializer, responses={201: FieldEvacueeSerializer, 200: FieldEvacueeSerializer}
    )
    def post(self, request):
        require_perm(request.user, Perm.EVACUEE_CHANGE)
        serializer = EvacueeMoveInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        evacuee, created = evacuee_move_once(user=request.user, **serializer.validated_data)
        return Response(FieldEvacueeSerializer(evacuee).data, status=status.HTTP_201_CREATED if created else 200)
