"""The approval flow over the API: the approver's queue (with likely duplicates), approve, unapprove, withdraw,
reporting completeness per day, a disaster's approval settings, and the validation rules."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, require_perm

from ..approval_selectors import (
    completeness_disaster_get,
    likely_duplicates,
    reporting_completeness,
    validation_rule_get,
    validation_rule_list,
)
from ..filters import VerificationQueueFilter
from ..models import ApprovalLevels, Disaster, FieldReport, ReportingLevel, RuleSeverity, ValidationRule
from ..selectors import disaster_get, field_report_get, verification_queue
from ..services import (
    disaster_set_reporting,
    field_report_approve,
    field_report_unapprove,
    field_report_withdraw,
    validation_rule_create,
    validation_rule_update,
)
from .common import error_responses, username_of
from .field_reports import FieldReportDetailSerializer, FieldReportOutputSerializer


def _report_response(request, pk) -> Response:
    return Response(FieldReportDetailSerializer(field_report_get(user=request.user, pk=pk)).data)


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)

    class Meta:
        ref_name = "FieldReportReasonInput"


class QueueReportSerializer(FieldReportOutputSerializer):
    likely_duplicates = serializers.SerializerMethodField(
        help_text="Other reports of the same area, observed within 3 hours, with the same figures."
    )

    class Meta(FieldReportOutputSerializer.Meta):
        fields = [*FieldReportOutputSerializer.Meta.fields, "likely_duplicates"]
        ref_name = "QueuedFieldReport"

    def get_likely_duplicates(self, report) -> list[int]:
        return self.context.get("duplicates", {}).get(report.pk, [])


class FieldReportQueueApi(generics.ListAPIView):
    """The caller's approval queue, oldest first: for a koordinator kab/kota the submitted reports of their
    kabupaten/kota (two-level disasters); for the province what the kab/kota approved, or what was submitted under
    a one-level disaster. Each report names its likely duplicates, so one of them can be returned."""

    serializer_class = QueueReportSerializer
    filterset_class = VerificationQueueFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FieldReport.objects.none()
        return (
            verification_queue(user=self.request.user)
            .select_related("submitted_by", "verified_by", "returned_by", "approved_by")
            .prefetch_related("needs__cluster")
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = {**self.get_serializer_context(), "duplicates": likely_duplicates(page)}
        return self.get_paginated_response(QueueReportSerializer(page, many=True, context=context).data)


class FieldReportApproveApi(APIView):
    """The koordinator kab/kota approves a submitted report of their kabupaten/kota (two-level disasters); it then
    waits for the province. Approving one's own report, another kab/kota's or an approved one again: 400/404."""

    @extend_schema(request=None, responses={200: FieldReportDetailSerializer, **error_responses(400, 403, 404)})
    def post(self, request, pk):
        field_report_approve(user=request.user, report=field_report_get(user=request.user, pk=pk))
        return _report_response(request, pk)


class FieldReportUnapproveApi(APIView):
    """Take an approval back with a reason (required; recorded and audited): the province a verified report (it
    stops counting), the koordinator kab/kota their approval of a report not yet verified."""

    @extend_schema(
        request=ReasonInputSerializer, responses={200: FieldReportDetailSerializer, **error_responses(400, 403, 404)}
    )
    def post(self, request, pk):
        report = field_report_get(user=request.user, pk=pk)
        serializer = ReasonInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        field_report_unapprove(user=request.user, report=report, reason=serializer.validated_data["reason"])
        return _report_response(request, pk)


class FieldReportWithdrawApi(APIView):
    """The reporter withdraws (tarik) a submitted or approved report before the province verifies it; it becomes a
    draft again."""

    @extend_schema(
        request=ReasonInputSerializer, responses={200: FieldReportDetailSerializer, **error_responses(400, 403, 404)}
    )
    def post(self, request, pk):
        report = field_report_get(user=request.user, pk=pk)
        serializer = ReasonInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        field_report_withdraw(user=request.user, report=report, reason=serializer.validated_data["reason"])
        return _report_response(request, pk)


# ---------------------------------------------------------------------------------------------------------------
# Completeness
# ---------------------------------------------------------------------------------------------------------------
class CompletenessQuerySerializer(serializers.Serializer):
    disaster = serializers.IntegerField(min_value=1)
    date = serializers.DateField(required=False, help_text="The day (WIB), YYYY-MM-DD; today when left out.")

    class Meta:
        ref_name = "CompletenessQuery"


class CompletenessAreaSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The kecamatan, or the desa for a disaster reported per desa.")
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=["on_time", "reported_late", "waiting", "late", "not_due"])
    report_ids = serializers.ListField(child=serializers.IntegerField())
    kecamatan_code = serializers.CharField(help_text="The kecamatan the area lies in (the area itself per kecamatan).")
    kecamatan_name = serializers.CharField()

    class Meta:
        ref_name = "CompletenessArea"


class CompletenessKecamatanSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    expected = serializers.IntegerField(help_text="Areas of this kecamatan expected to report that day.")
    complete = serializers.IntegerField()
    late = serializers.SerializerMethodField(help_text="How many of them are late.")
    percent = serializers.FloatField()

    class Meta:
        ref_name = "CompletenessKecamatan"

    def get_late(self, group) -> int:
        return len(group.late)


class CompletenessKabkotaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    expected = serializers.IntegerField(help_text="Kecamatan (or desa, when reported per desa) expected that day.")
    complete = serializers.IntegerField(
        help_text="Per kecamatan: those with a report approved by the kab/kota (or verified). Per desa: those with a "
        "report of their own verified by the province (the last approval level)."
    )
    percent = serializers.FloatField(help_text="complete / expected, in percent (one decimal).")
    areas = CompletenessAreaSerializer(many=True)
    kecamatan = CompletenessKecamatanSerializer(
        many=True, help_text="The areas counted per kecamatan (per desa: the desa of each kecamatan)."
    )

    class Meta:
        ref_name = "CompletenessKabkota"


class CompletenessSerializer(serializers.Serializer):
    disaster = serializers.IntegerField()
    date = serializers.DateField()
    deadline = serializers.CharField(help_text="The day's deadline, HH.MM WIB.")
    reporting_level = serializers.ChoiceField(
        choices=ReportingLevel.choices, help_text="Whether completeness is counted per kecamatan or per desa."
    )
    kabkota = CompletenessKabkotaSerializer(many=True)

    class Meta:
        ref_name = "ReportingCompleteness"


class ReportingCompletenessApi(APIView):
    """Which kecamatan of each affected kab/kota (in the caller's scope) have an approved report for the day, which
    are late past the disaster's deadline, and the completeness percentage per kab/kota. For a disaster declared at
    desa level, each affected desa (grouped under its kecamatan) and the percentage counted from the desa."""

    @extend_schema(
        parameters=[
            OpenApiParameter("disaster", int, required=True),
            OpenApiParameter("date", str, required=False, description="YYYY-MM-DD (WIB); today by default."),
        ],
        responses={200: CompletenessSerializer, **error_responses(400, 404)},
    )
    def get(self, request):
        query = CompletenessQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        disaster = completeness_disaster_get(user=request.user, pk=query.validated_data["disaster"])
        day = query.validated_data.get("date") or timezone.localdate()
        table = reporting_completeness(user=request.user, disaster=disaster, day=day)
        data = {
            "disaster": disaster.pk,
            "date": day,
            "deadline": disaster.report_deadline.strftime("%H.%M WIB"),
            "reporting_level": disaster.reporting_level,
            "kabkota": table,
        }
        return Response(CompletenessSerializer(data).data)


# ---------------------------------------------------------------------------------------------------------------
# A disaster's approval settings
# ---------------------------------------------------------------------------------------------------------------
class DisasterReportingSerializer(serializers.ModelSerializer):
    approval_levels = serializers.ChoiceField(choices=ApprovalLevels.choices)

    class Meta:
        model = Disaster
        fields = ["approval_levels", "report_deadline"]
        ref_name = "DisasterReporting"


class DisasterReportingApi(APIView):
    """How the disaster's field reports are approved (1: the province verifies directly; 2: the koordinator
    kab/kota approves first) and the daily reporting deadline (WIB). Provincial staff change them."""

    @extend_schema(responses={200: DisasterReportingSerializer, **error_responses(404)})
    def get(self, request, pk):
        return Response(DisasterReportingSerializer(disaster_get(user=request.user, pk=pk)).data)

    @extend_schema(
        request=DisasterReportingSerializer,
        responses={200: DisasterReportingSerializer, **error_responses(400, 403, 404)},
    )
    def patch(self, request, pk):
        require_perm(request.user, Perm.DISASTER_MANAGE)
        disaster = disaster_get(user=request.user, pk=pk)
        serializer = DisasterReportingSerializer(disaster, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {
            "approval_levels": disaster.approval_levels,
            "report_deadline": disaster.report_deadline,
            **serializer.validated_data,
        }
        disaster = disaster_set_reporting(user=request.user, disaster=disaster, **data)
        return Response(DisasterReportingSerializer(disaster).data)


# ---------------------------------------------------------------------------------------------------------------
# Validation rules
# ---------------------------------------------------------------------------------------------------------------
class ValidationRuleSerializer(serializers.ModelSerializer):
    severity = serializers.ChoiceField(choices=RuleSeverity.choices)
    updated_by = serializers.SerializerMethodField()

    class Meta:
        model = ValidationRule
        fields = ["id", "code", "name", "expression", "message", "severity", "is_active", "updated_by", "updated_at"]
        read_only_fields = ["id", "updated_by", "updated_at"]
        ref_name = "ValidationRule"
        # Uniqueness and the expression are the service's to check (one message, nothing half-saved).
        extra_kwargs = {"code": {"validators": []}}

    def get_updated_by(self, rule) -> str | None:
        return username_of(rule.updated_by)


class ValidationRuleListCreateApi(generics.ListCreateAPIView):
    """The validation rules checked when a field report is submitted. Provincial staff add and change them; an
    expression outside the rules' language is refused saying where it goes wrong."""

    serializer_class = ValidationRuleSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ValidationRule.objects.none()
        return validation_rule_list(user=self.request.user)

    @extend_schema(responses={201: ValidationRuleSerializer, **error_responses(400, 403)})
    def post(self, request):
        require_perm(request.user, Perm.VALIDATION_RULE_MANAGE)
        serializer = ValidationRuleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rule = validation_rule_create(user=request.user, **serializer.validated_data)
        return Response(ValidationRuleSerializer(rule).data, status=status.HTTP_201_CREATED)


class ValidationRuleDetailApi(APIView):
    @extend_schema(responses={200: ValidationRuleSerializer, **error_responses(404)})
    def get(self, request, pk):
        return Response(ValidationRuleSerializer(validation_rule_get(user=request.user, pk=pk)).data)

    @extend_schema(
        request=ValidationRuleSerializer, responses={200: ValidationRuleSerializer, **error_responses(400, 403, 404)}
    )
    def patch(self, request, pk):
        require_perm(request.user, Perm.VALIDATION_RULE_MANAGE)
        rule = validation_rule_get(user=request.user, pk=pk)
        serializer = ValidationRuleSerializer(rule, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        rule = validation_rule_update(user=request.user, rule=rule, data=dict(serializer.validated_data))
        return Response(ValidationRuleSerializer(rule).data)
