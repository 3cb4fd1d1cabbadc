"""One error type for business rules, and one handler that turns every API error into ``{"message", "errors"}``."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler


class ApplicationError(Exception):
    """A business rule refused the request; ``message`` is shown to the user, ``errors`` name the fields."""

    def __init__(self, message, *, errors=None, status_code=status.HTTP_400_BAD_REQUEST):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        self.status_code = status_code


class ConflictError(ApplicationError):
    """Someone else changed the record since the client read it (optimistic concurrency)."""

    def __init__(self, message, *, errors=None):
        super().__init__(message, errors=errors, status_code=status.HTTP_409_CONFLICT)


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, ApplicationError):
        return Response({"message": str(exc.message), "errors": exc.errors}, status=exc.status_code)

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"message": _validation_summary(errors), "errors": errors}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"message": str(detail), "errors": {}}
    return response


def _validation_summary(errors):
    """A one-line summary that names the fields, e.g. 'Periksa kembali isian: kapasitas, desa.'"""
    fields = [name for name in errors if name not in ("non_field_errors", "__all__")]
    if not fields:
        first = errors.get("non_field_errors") or errors.get("__all__") or [_("The data is not valid.")]
        return str(first[0]) if isinstance(first, list) else str(first)
    return _("Please check these fields: %(fields)s.") % {"fields": ", ".join(fields)}
