"""What every clusters endpoint shares: the documented error answers."""

from drf_spectacular.utils import OpenApiResponse

# Nested fields nest their messages: the shared error body leaves the values of ``errors`` free-form.
from banten_dinsos.core.schema import ErrorSerializer


def error_responses(*codes: int) -> dict:
    described = {
        400: "Bad input: `errors` names each field and why (in Bahasa Indonesia unless asked otherwise).",
        403: "The caller's role may not do this.",
        404: "No such record in the caller's scope (out of scope answers exactly like missing).",
        409: "Conflict with the record's current state or an earlier request.",
        422: "The idempotency key was already used with other data: `errors` names the fields that differ.",
    }
    return {code: OpenApiResponse(ErrorSerializer, description=described[code]) for code in codes}


def username_of(user) -> str | None:
    return user.get_username() if user is not None else None
