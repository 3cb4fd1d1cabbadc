"""The Jitupasna document (XLSX and PDF), built in the background."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
)
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors, services
from ..models import (
    OutputFormat,
)
from ..views import output_response


class AssessmentDocumentApi(APIView):
    """GET downloads the XLSX or PDF (404 until built, and for officers: it covers every kabupaten/kota); POST asks
    for it to be (re)built in the background (202)."""

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
            404: OpenApiResponse(),
        }
    )
    def get(self, request, pk, fmt):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        return output_response(selectors.assessment_output_get(user=request.user, assessment=assessment, fmt=fmt))

    @extend_schema(request=None, responses={202: OpenApiResponse(description="Queued")})
    def post(self, request, pk, fmt):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        if fmt not in OutputFormat.values or not selectors.can_see_whole_document(user=request.user):
            raise Http404
        services.assessment_output_request(user=request.user, assessment=assessment, formats=[fmt])
        return Response(
            {"message": _("The document is being prepared."), "errors": {}}, status=status.HTTP_202_ACCEPTED
        )
