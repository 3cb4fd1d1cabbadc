"""Roster imports (CSV or XLSX) and their outcome."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.core.exceptions import ApplicationError

from .. import selectors, services
from ..models import (
    RosterImport,
)
from .common import schema_view


class RosterImportSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)

    class Meta:
        model = RosterImport
        fields = [
            "id",
            "file_name",
            "rows_total",
            "rows_created",
            "rows_updated",
            "rows_failed",
            "errors",
            "created_by",
            "created_at",
        ]
        ref_name = "TaganaRosterImport"


class RosterImportListCreateApi(generics.ListCreateAPIView):
    """Upload a roster (CSV with comma or semicolon, UTF-8 with or without BOM, or XLSX) as ``file``.
    Valid rows are imported (a known member number updates that member), the rest are listed with the reason."""

    serializer_class = RosterImportSerializer
    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerRosterImportListCreateInput"

        file = serializers.FileField()

    def get_queryset(self):
        if schema_view(self):
            return RosterImport.objects.none()
        return selectors.roster_import_list(user=self.request.user)

    @extend_schema(request=InputSerializer, responses={201: RosterImportSerializer})
    def post(self, request):
        require_perm(request.user, Perm.VOLUNTEER_IMPORT)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        if upload.size > services.imports.MAX_BYTES:
            raise ApplicationError(
                _("The file is larger than 5 MB; split it into smaller files."),
                errors={"file": [_("The file is too large.")]},
            )
        record = services.roster_import(user=request.user, name=upload.name, data=upload.read())
        return Response(RosterImportSerializer(record).data, status=status.HTTP_201_CREATED)


class RosterImportDetailApi(generics.RetrieveAPIView):
    serializer_class = RosterImportSerializer

    def get_object(self):
        return selectors.roster_import_get(user=self.request.user, pk=self.kwargs["pk"])
