"""Reports over the API: ask for one, follow its progress, download it (same rules as the pages)."""

from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import GeneratedReport, ReportFormat, ReportStatus
from .selectors import report_get, report_list
from .services import report_downloaded, report_request


class ReportOutputSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = GeneratedReport
        fields = [
            "id",
            "kind",
            "format",
            "title",
            "parameters",
            "status",
            "progress",
            "progress_note",
            "error",
            "size",
            "checksum_sha256",
            "created_at",
            "started_at",
            "finished_at",
            "download_url",
        ]
        ref_name = "GeneratedReport"

    def get_download_url(self, report) -> str | None:
        if report.status != ReportStatus.DONE:
            return None
        return reverse("api-report-download", args=[report.pk])


class ReportInputSerializer(serializers.Serializer):
    kind = serializers.CharField(default="situation")
    disaster = serializers.IntegerField(help_text="Disaster event of a situation report.")
    formats = serializers.ListField(child=serializers.ChoiceField(choices=ReportFormat.choices), min_length=1)

    class Meta:
        ref_name = "ReportInput"


class ReportListCreateApi(generics.ListCreateAPIView):
    """Reports whose contents the caller may see; POST asks for a new one, built in the background."""

    serializer_class = ReportOutputSerializer
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return GeneratedReport.objects.none()
        return report_list(user=self.request.user, filters={"disaster": self.request.query_params.get("disaster")})

    @extend_schema(request=ReportInputSerializer, responses={201: ReportOutputSerializer(many=True)})
    def post(self, request):
        serializer = ReportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        kind, formats = data.pop("kind"), data.pop("formats")
        reports = report_request(user=request.user, kind=kind, data=data, formats=formats)
        return Response(ReportOutputSerializer(reports, many=True).data, status=status.HTTP_201_CREATED)


class ReportDetailApi(APIView):
    """One report: its status and progress, and where to download it once ready."""

    @extend_schema(responses={200: ReportOutputSerializer})
    def get(self, request, pk):
        return Response(ReportOutputSerializer(report_get(user=request.user, pk=pk)).data)


class ReportDownloadApi(APIView):
    """The report file (PDF or XLSX)."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The file.")})
    def get(self, request, pk):
        report = report_get(user=request.user, pk=pk)
        if report.status != ReportStatus.DONE or not report.file:
            raise Http404
        report_downloaded(user=request.user, report=report)
        return FileResponse(
            report.file.open("rb"), as_attachment=True, filename=report.filename, content_type=report.content_type
        )
