"""Conditional requests on a shelter (RFC 9110) through Django's own evaluation of the preconditions.

The ETag names the shelter's version. ``If-Match`` may be ``*``, one tag or a list; it is compared strongly, so a
weak tag never matches. A change without ``If-Match`` must carry the ``version`` it was based on in the body.
"""

from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from banten_dinsos.core.exceptions import ApplicationError

from ..models import Shelter


def etag_of(shelter: Shelter) -> str:
    return f'"shelter-{shelter.pk}-v{shelter.version}"'


def with_etag(response: Response, shelter: Shelter) -> Response:
    response["ETag"] = etag_of(shelter)
    return response


def not_modified(request, shelter: Shelter):
    """A 304 for a GET whose ``If-None-Match`` names the current ETag; ``None`` when the body must be sent."""
    return get_conditional_response(request, etag=etag_of(shelter))


def expected_version(request, shelter: Shelter) -> int:
    """The version the client based its change on: from If-Match, else ``version`` in the body (one is required)."""
    if request.headers.get("If-Match") is not None:
        refused = get_conditional_response(request, etag=etag_of(shelter))
        if refused is not None and refused.status_code == status.HTTP_412_PRECONDITION_FAILED:
            raise ApplicationError(
                _("This shelter was changed by someone else since you loaded it. Reload and try again."),
                errors={"If-Match": [_("Out of date.")]},
                status_code=status.HTTP_412_PRECONDITION_FAILED,
            )
        return shelter.version
    if "version" in request.data:
        try:
            return int(request.data["version"])
        except (TypeError, ValueError) as exc:
            raise ApplicationError(
                _("version must be a whole number."), errors={"version": [_("Not a number.")]}
            ) from exc
    raise ApplicationError(
        _("Send the shelter's ETag in If-Match, or its version, so changes are not overwritten."),
        errors={"version": [_("This field is required.")]},
        status_code=status.HTTP_428_PRECONDITION_REQUIRED,
    )
