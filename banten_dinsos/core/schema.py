"""The OpenAPI schema's shared parts: one error body, documented on every operation that can answer it.

Every API error leaves ``core.exceptions.api_exception_handler`` as ``{"message", "errors"}``; ``errors`` names
the fields, and a nested or listed field nests its messages the same way, so its values are left free-form.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="One sentence for the user, in their language.")
    errors = serializers.DictField(
        help_text="Messages per field name: a list of sentences, or for a nested field an object of its own."
    )

    class Meta:
        ref_name = "Error"


ERRORS = {
    400: "Bad input: `errors` names each field and why (in Bahasa Indonesia unless asked otherwise).",
    401: "No valid session or `Authorization: Token` (missing, expired or revoked).",
    403: "The caller's role may not do this.",
    404: "No such record, page or region in the caller's scope (out of scope answers exactly like missing).",
    429: "Too many requests: wait the number of seconds in `Retry-After`.",
}


def error_responses(*codes: int) -> dict:
    """``@extend_schema(responses=...)`` entries for the given error codes, with the shared error body."""
    return {code: OpenApiResponse(ErrorSerializer, description=ERRORS.get(code, "")) for code in codes}


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus the error answers every operation can give (unless it declares its own)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if str(code) not in responses:
                response = OpenApiResponse(ErrorSerializer, description=ERRORS[code])
                responses[str(code)] = self._get_response_for_code(
                    response, str(code), media_types=["application/json"], direction=direction
                )
        return responses

    def _error_codes(self) -> list[int]:
        codes = [400, 404]
        if not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            codes += [401, 403]
        if self.view.get_throttles():
            codes.append(429)
        return codes
