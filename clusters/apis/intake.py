"""The endpoint partners' KoboToolbox REST Services and ODK Central webhooks post their submissions to."""

import base64
import binascii

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.core.exceptions import ApplicationError

from ..models import IntakeOutcome
from ..services.intake import intake_form_authenticate, intake_submission_receive


def _token(request) -> str | None:
    """The form's secret from ``Authorization: Bearer|Token <secret>``, Basic (password), or ``X-Intake-Token``.

    KoboToolbox REST Services can send Basic credentials or a custom header; ODK Central's webhooks a header.
    """
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    if scheme.lower() in ("bearer", "token") and value:
        return value.strip()
    if scheme.lower() == "basic" and value:
        try:
            decoded = base64.b64decode(value.strip()).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2] or None
    return request.headers.get("X-Intake-Token") or None


class IntakeResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=IntakeOutcome.choices)
    submission = serializers.CharField(help_text="The submission's instance UUID.")
    report = serializers.IntegerField(help_text="The field report it became.")
    state = serializers.CharField(help_text="draft or submitted (for verification).")
    replayed = serializers.BooleanField(help_text="True when this submission had been received before.")

    class Meta:
        ref_name = "IntakeResult"


class IntakeErrorSerializer(serializers.Serializer):
    message = serializers.CharField()
    submission = serializers.CharField(allow_null=True)
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), help_text="Messages per form question."
    )

    class Meta:
        ref_name = "IntakeError"


class IntakeSubmissionApi(APIView):
    """Receive one KoboToolbox or ODK Central submission for the registered form ``slug``.

    Authenticated by the form's own secret, not a user session. Each submission becomes a field report under the
    form's partner account; the same instance UUID sent again answers 200 with the same report. A submission that
    cannot become a report answers 400 naming each question and why, and nothing but that answer is kept.
    An ODK Central OData page (``{"value": [...]}``) is answered 200 with one result per submission.
    """

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={
            201: IntakeResultSerializer,
            200: OpenApiResponse(IntakeResultSerializer, description="Received before: the same report."),
            400: IntakeErrorSerializer,
            401: OpenApiResponse(IntakeErrorSerializer, description="Unknown form or wrong secret."),
        },
    )
    def post(self, request, slug):
        form = intake_form_authenticate(slug=slug, token=_token(request))
        if form is None:
            response = Response(
                {"message": _("Unknown form or wrong secret."), "submission": None, "errors": {}},
                status=status.HTTP_401_UNAUTHORIZED,
            )
            response["WWW-Authenticate"] = 'Basic realm="intake"'
            return response
        if not isinstance(request.data, dict):
            return Response(
                {"message": _("Send one submission as a JSON object."), "submission": None, "errors": {}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if isinstance(request.data.get("value"), list):
            return self._odata_page(form, request.data["value"])
        body, code = _receive(form, dict(request.data))
        return Response(body, status=code)

    @staticmethod
    def _odata_page(form, submissions: list) -> Response:
        """An ODK Central OData page (``{"value": [...]}``): each submission received on its own, one answer each."""
        if len(submissions) > MAX_PAGE:
            return Response(
                {
                    "message": _("Send at most %(count)s submissions at once.") % {"count": MAX_PAGE},
                    "submission": None,
                    "errors": {},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        results = []
        for item in submissions:
            if not isinstance(item, dict):
                results.append({"message": _("Send one submission as a JSON object."), "submission": None})
                continue
            try:
                body, _code = _receive(form, item)
            except ApplicationError as error:
                body = {"message": str(error.message), "submission": None, "errors": error.errors}
            results.append(body)
        accepted = sum(1 for result in results if result.get("status") == IntakeOutcome.ACCEPTED)
        return Response({"accepted": accepted, "rejected": len(results) - accepted, "results": results})


MAX_PAGE = 500


def _receive(form, payload: dict) -> tuple[dict, int]:
    submission, created = intake_submission_receive(form=form, payload=payload)
    if submission.outcome == IntakeOutcome.REJECTED:
        return (
            {
                "message": _("The submission could not become a field report: see each question."),
                "submission": submission.submission_uuid,
                "errors": submission.errors,
            },
            status.HTTP_400_BAD_REQUEST,
        )
    return (
        {
            "status": submission.outcome,
            "submission": submission.submission_uuid,
            "report": submission.report_id,
            "state": submission.report.state,
            "replayed": not created,
        },
        status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )
