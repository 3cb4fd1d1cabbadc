"""What every clusters endpoint shares: the documented error answers, and a faster walk over a list's rows."""

import copy
from functools import cached_property

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


class ManyRowsMixin:
    """For a serializer that renders every row of a list page, with the same output, less per-request work:

    - DRF builds a ``ModelSerializer``'s fields from the model for every instance (2 ms for a field report); they
      are built once per class and copied for each instance, as DRF itself copies the declared ones;
    - DRF walks the ``fields`` mapping (a ``BindingDict``, slow to iterate) again for each row; this walks a list of
      the readable fields made once per instance.
    """

    def get_fields(self) -> dict:
        built = type(self).__dict__.get("_fields_built_once")
        if built is None:
            built = super().get_fields()
            type(self)._fields_built_once = built
        return copy.deepcopy(built)

    @cached_property
    def _readable_field_list(self) -> list:
        return [field for field in self.fields.values() if not field.write_only]

    @property
    def _readable_fields(self):
        return iter(self._readable_field_list)
