"""Field reports and their workflow (submit, verify, return)."""

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.scoped_fields import ScopedPrimaryKeyRelatedField
from banten_dinsos.core.pagination import KeysetPagination
from banten_dinsos.regions.models import Region

from ..filters import FieldReportFilter
from ..models import IMPACT_FIELDS, Cluster, FieldReport, FieldReportEvent, Need, NeedPriority
from ..selectors import disaster_list, field_report_get, field_report_list
from ..services import (
    field_report_create,
    field_report_return,
    field_report_submit,
    field_report_update,
    field_report_verify,
)
from .common import ManyRowsMixin, error_responses, username_of

# Where a list page puts each report's needs: ``Prefetch(..., to_attr=)`` hands over plain lists, where a prefetch
# into the ``needs`` manager builds a queryset for every report of the page (about 2 ms of CPU for 50 reports).
PAGE_NEEDS = "page_needs"


class ReportNeedListSerializer(serializers.ListSerializer):
    def get_attribute(self, instance):
        listed = getattr(instance, PAGE_NEEDS, None)
        return listed if listed is not None else super().get_attribute(instance)


class ReportNeedSerializer(ManyRowsMixin, serializers.ModelSerializer):
    cluster = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Need
        fields = ["id", "cluster", "description", "people_in_need", "priority", "status"]
        ref_name = "ReportNeed"
        list_serializer_class = ReportNeedListSerializer


class ReportEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = FieldReportEvent
        fields = ["action", "actor", "at", "note"]
        ref_name = "FieldReportStep"

    def get_actor(self, event) -> str | None:
        return username_of(event.actor)


class FieldReportOutputSerializer(ManyRowsMixin, serializers.ModelSerializer):
    area_name = serializers.CharField(source="area.name")
    kabkota_name = serializers.CharField(source="kabkota.name")
    needs = ReportNeedSerializer(many=True, read_only=True)
    created_by = serializers.SerializerMethodField()
    submitted_by = serializers.SerializerMethodField()
    verified_by = serializers.SerializerMethodField()
    returned_by = serializers.SerializerMethodField()
    approved_by = serializers.SerializerMethodField()

    class Meta:
        model = FieldReport
        fields = [
            "id",
            "disaster",
            "kind",
            "area",
            "area_name",
            "kabkota",
            "kabkota_name",
            "observed_at",
            *IMPACT_FIELDS,
            "facilities_damaged",
            "notes",
            "needs",
            "state",
            "idempotency_key",
            "supersedes",
            "superseded_by",
            "created_by",
            "created_at",
            "submitted_by",
            "submitted_at",
            "verified_by",
            "verified_at",
            "returned_by",
            "returned_at",
            "return_reason",
            "approved_by",
            "approved_at",
            "rule_warnings",
            "warning_comment",
            "updated_at",
        ]
        ref_name = "FieldReport"

    def get_created_by(self, report) -> str | None:
        return _actor_name(report, "created_by")

    def get_submitted_by(self, report) -> str | None:
        return _actor_name(report, "submitted_by")

    def get_verified_by(self, report) -> str | None:
        return _actor_name(report, "verified_by")

    def get_returned_by(self, report) -> str | None:
        return _actor_name(report, "returned_by")

    def get_approved_by(self, report) -> str | None:
        return _actor_name(report, "approved_by")


ACTORS = ("created_by", "submitted_by", "verified_by", "returned_by", "approved_by")


def with_actor_names(queryset: QuerySet[FieldReport]) -> QuerySet[FieldReport]:
    """The reports with the user name of each of their actors (``created_by_name`` …), one sub-select each.

    Joining the five user rows instead made the list a nine-table join whose planning alone took 10-30 ms per page
    (measured by bench/cluster_status.py), many times its execution; each sub-select is one primary-key probe.
    """
    user = get_user_model()
    return queryset.annotate(
        **{
            f"{actor}_name": Subquery(user.objects.filter(pk=OuterRef(f"{actor}_id")).values(user.USERNAME_FIELD)[:1])
            for actor in ACTORS
        }
    )


def _actor_name(report: FieldReport, actor: str) -> str | None:
    """The user name of one actor of ``report``: annotated by ``with_actor_names`` on lists, else its user row."""
    if hasattr(report, f"{actor}_name"):
        return getattr(report, f"{actor}_name")
    return username_of(getattr(report, actor))


class FieldReportDetailSerializer(FieldReportOutputSerializer):
    history = ReportEventSerializer(source="events", many=True, read_only=True)

    class Meta(FieldReportOutputSerializer.Meta):
        fields = [*FieldReportOutputSerializer.Meta.fields, "history"]
        ref_name = "FieldReportDetail"


class NeedItemSerializer(serializers.Serializer):
    cluster = serializers.SlugRelatedField(slug_field="code", queryset=Cluster.objects.filter(is_active=True))
    description = serializers.CharField(max_length=500)
    people_in_need = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False, default=0)
    priority = serializers.ChoiceField(choices=NeedPriority.choices, required=False, default=NeedPriority.URGENT)

    class Meta:
        ref_name = "ReportNeedInput"


class FieldReportInputSerializer(serializers.ModelSerializer):
    # Another kabupaten/kota's disaster or report is refused exactly like one that does not exist.
    disaster = ScopedPrimaryKeyRelatedField(scoped=disaster_list)
    area = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    idempotency_key = serializers.UUIDField(
        help_text="Generated by the client once per report and sent again on every retry of the same report."
    )
    facilities_damaged = serializers.JSONField(
        required=False, help_text='Damaged facilities by kind and class, e.g. {"school": {"rb": 1, "rr": 2}}.'
    )
    supersedes = ScopedPrimaryKeyRelatedField(scoped=field_report_list, required=False, allow_null=True)
    needs = NeedItemSerializer(many=True, required=False)
    submit = serializers.BooleanField(required=False, default=False, help_text="Submit for verification at once.")
    warning_comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="With submit: the reporter's explanation of the figures a soft validation rule warns about.",
    )

    class Meta:
        model = FieldReport
        fields = [
            "disaster",
            "idempotency_key",
            "kind",
            "area",
            "observed_at",
            *IMPACT_FIELDS,
            "facilities_damaged",
            "notes",
            "supersedes",
            "needs",
            "submit",
            "warning_comment",
        ]
        ref_name = "FieldReportInput"


class FieldReportUpdateSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    facilities_damaged = serializers.JSONField(required=False)
    needs = NeedItemSerializer(many=True, required=False, help_text="When sent, replaces the report's needs.")

    class Meta:
        model = FieldReport
        fields = ["kind", "area", "observed_at", *IMPACT_FIELDS, "facilities_damaged", "notes", "needs"]
        ref_name = "FieldReportUpdate"


class ReturnInputSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="What the officer must correct.", allow_blank=True)

    class Meta:
        ref_name = "FieldReportReturnInput"


def _report_response(request, pk, *, status_code=status.HTTP_200_OK) -> Response:
    report = field_report_get(user=request.user, pk=pk)
    return Response(FieldReportDetailSerializer(report).data, status=status_code)


class FieldReportPagination(KeysetPagination):
    """Keyset pages, newest observation first (``next``/``previous`` links carry a cursor): no COUNT(*) over every
    report and no OFFSET scan, so page 1 and page 2,000 cost the same (indexes ``fieldreport_*_obs_idx``)."""

    ordering = ("-observed_at", "-id")


class FieldReportListCreateApi(generics.ListCreateAPIView):
    """Field reports in the caller's scope. Officers create them in their own kabupaten/kota.

    Creating is retry-safe: send the same ``idempotency_key`` again and the report created the first time comes
    back with 200 instead of a second report (201 only when it was created by this request).
    """

    serializer_class = FieldReportOutputSerializer
    filterset_class = FieldReportFilter
    pagination_class = FieldReportPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FieldReport.objects.none()
        # Only the two regions the serializer names are joined; the disaster is written by its id and the actors by
        # name (``with_actor_names``): a page is one three-table query, and one for its needs with their cluster.
        reports = field_report_list(user=self.request.user).select_related(None).select_related("area", "kabkota")
        return with_actor_names(reports).prefetch_related(
            Prefetch("needs", queryset=Need.objects.select_related("cluster"), to_attr=PAGE_NEEDS)
        )

    @extend_schema(
        request=FieldReportInputSerializer,
        responses={
            201: FieldReportDetailSerializer,
            200: OpenApiResponse(FieldReportDetailSerializer, description="A retry: the report this key created."),
            **error_responses(400, 403, 409, 422),
        },
    )
    def post(self, request):
        serializer = FieldReportInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        report, created = field_report_create(
            user=request.user,
            disaster=data.pop("disaster"),
            area=data.pop("area"),
            observed_at=data.pop("observed_at"),
            idempotency_key=data.pop("idempotency_key"),
            supersedes=data.pop("supersedes", None),
            needs=data.pop("needs", []),
            submit=data.pop("submit", False),
            warning_comment=data.pop("warning_comment", ""),
            **data,
        )
        response = _report_response(request, report.pk, status_code=201 if created else 200)
        response["Idempotent-Replayed"] = "false" if created else "true"
        return response


class FieldReportDetailApi(APIView):
    """One field report with its needs and every workflow step (who, when)."""

    @extend_schema(responses={200: FieldReportDetailSerializer, **error_responses(404)})
    def get(self, request, pk):
        return _report_response(request, pk)

    @extend_schema(
        request=FieldReportUpdateSerializer,
        responses={200: FieldReportDetailSerializer, **error_responses(400, 403, 404)},
    )
    def patch(self, request, pk):
        report = field_report_get(user=request.user, pk=pk)
        serializer = FieldReportUpdateSerializer(report, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        needs = data.pop("needs", None)
        field_report_update(user=request.user, report=report, data=data, needs=needs)
        return _report_response(request, pk)


class SubmitInputSerializer(serializers.Serializer):
    warning_comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The reporter's explanation of the figures a soft validation rule warns about (then required).",
    )

    class Meta:
        ref_name = "FieldReportSubmitInput"


class FieldReportSubmitApi(APIView):
    """Send a draft or returned report for approval. A hard validation rule refuses it (``errors.rules``); a soft
    rule asks for ``warning_comment`` (``errors.warning_comment`` lists the warnings)."""

    @extend_schema(
        request=SubmitInputSerializer, responses={200: FieldReportDetailSerializer, **error_responses(400, 403, 404)}
    )
    def post(self, request, pk):
        report = field_report_get(user=request.user, pk=pk)
        serializer = SubmitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        field_report_submit(user=request.user, report=report, **serializer.validated_data)
        return _report_response(request, pk)


class FieldReportVerifyApi(APIView):
    """Provincial staff accept a submitted report; a verified correction supersedes the report it corrects."""

    @extend_schema(request=None, responses={200: FieldReportDetailSerializer, **error_responses(400, 403, 404)})
    def post(self, request, pk):
        field_report_verify(user=request.user, report=field_report_get(user=request.user, pk=pk))
        return _report_response(request, pk)


class FieldReportReturnApi(APIView):
    """Provincial staff send a submitted report back with the reason; the officer fixes it and resubmits."""

    @extend_schema(
        request=ReturnInputSerializer, responses={200: FieldReportDetailSerializer, **error_responses(400, 403, 404)}
    )
    def post(self, request, pk):
        report = field_report_get(user=request.user, pk=pk)
        serializer = ReturnInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        field_report_return(user=request.user, report=report, reason=serializer.validated_data["reason"])
        return _report_response(request, pk)
